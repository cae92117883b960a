package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokensTest {

  @Test
  void round_trips_the_position_for_the_same_query() {
    String token = PageTokens.encode("q", List.of("2026-01-01T00:00:00Z", "éü ☎"));
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(PageTokens.decode(token, "q", 2)).containsExactly("2026-01-01T00:00:00Z", "éü ☎");
  }

  @Test
  void refuses_a_token_of_another_query() {
    String token = PageTokens.encode("q", List.of("x"));
    assertThatThrownBy(() -> PageTokens.decode(token, "other", 1))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.reason()).isEqualTo(PageTokens.INVALID_PAGE_TOKEN);
          assertThat(e.violations()).extracting(v -> v.field()).containsExactly("page_token");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!", "AAAA", "AQ", "not base64 at all"})
  void refuses_tokens_it_never_issued(String token) {
    assertThatThrownBy(() -> PageTokens.decode(token, "q", 1))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.reason()).isEqualTo(PageTokens.INVALID_PAGE_TOKEN));
  }

  @Test
  void refuses_a_token_with_the_wrong_shape() {
    assertThatThrownBy(() -> PageTokens.decode(PageTokens.encode("q", List.of("a", "b")), "q", 1))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
