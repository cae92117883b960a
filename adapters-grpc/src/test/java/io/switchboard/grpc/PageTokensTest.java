package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokensTest {
  private static final PageTokens TOKENS = new PageTokens(HmacTokenSigner.random());

  @Test
  void round_trips_the_position_for_the_same_query() {
    String token = TOKENS.encode("q", List.of("2026-01-01T00:00:00Z", "éü ☎"));
    assertThat(token).matches("[A-Za-z0-9_~-]+");
    assertThat(TOKENS.decode(token, "q", 2)).containsExactly("2026-01-01T00:00:00Z", "éü ☎");
  }

  @Test
  void refuses_a_token_of_another_query() {
    String token = TOKENS.encode("q", List.of("x"));
    assertThatThrownBy(() -> TOKENS.decode(token, "other", 1))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_PAGE_TOKEN);
              assertThat(e.violations()).extracting(v -> v.field()).containsExactly("page_token");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!", "AAAA", "AQ", "not base64 at all"})
  void refuses_tokens_it_never_issued(String token) {
    assertThatThrownBy(() -> TOKENS.decode(token, "q", 1))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PAGE_TOKEN));
  }

  @Test
  void refuses_a_token_with_the_wrong_shape() {
    assertThatThrownBy(() -> TOKENS.decode(TOKENS.encode("q", List.of("a", "b")), "q", 1))
        .isInstanceOf(InvalidArgumentException.class);
  }

  /**
   * Issue 13 item 11: an unsigned token of the right layout carrying {@code +1\0}, {@code
   * 1e-1000000} or the year +300000 reached the query and came back INTERNAL; so did one edited by
   * hand. Only tokens signed here pass now.
   */
  @ParameterizedTest
  @ValueSource(strings = {"+1\u0000", "1e-1000000", "+300000-01-01T00:00:00Z"})
  void refuses_forged_and_edited_tokens(String forgedValue) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    var out = new java.io.DataOutputStream(bytes);
    out.writeByte(1);
    out.write(
        java.util.Arrays.copyOf(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest("q".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            12));
    out.writeByte(2);
    out.writeUTF(forgedValue);
    out.writeUTF(java.util.UUID.randomUUID().toString());
    String unsigned =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    String signedElsewhere =
        new PageTokens(HmacTokenSigner.random()).encode("q", List.of(forgedValue, "x"));
    String genuine = TOKENS.encode("q", List.of("2026-01-01T00:00:00Z", "x"));
    String edited = unsigned + genuine.substring(genuine.indexOf('~'));
    for (String forged : List.of(unsigned, signedElsewhere, edited)) {
      assertThatThrownBy(() -> TOKENS.decode(forged, "q", 2))
          .isInstanceOfSatisfying(
              InvalidArgumentException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PAGE_TOKEN));
    }
    System.out.println(
        "RELIABILITY 13.11 page tokens: value "
            + forgedValue.replace("\u0000", "\\0")
            + " in 3 forgeries (unsigned, signed by another key, edited after signing): 3 refused INVALID_ARGUMENT"
            + " INVALID_PAGE_TOKEN, 0 reached a query");
  }
}
