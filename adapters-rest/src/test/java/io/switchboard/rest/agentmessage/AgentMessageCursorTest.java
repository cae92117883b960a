package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumberId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentMessageCursorTest {
  private static final HmacTokenSigner SIGNER = HmacTokenSigner.random();

  /** meta.next_cursor of the seed 004 example. */
  private static final String SEED_CURSOR =
      "eyJjcmVhdGVkX2F0IjoiMjAyNi0wNC0yNlQxMjowMDowMFoiLCJpZCI6IjAxOTAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMSJ9";

  @Test
  void our_cursor_carries_the_seed_shape_signed() {
    var cursor =
        new NumberCursor(
            NumberSort.Field.CREATED_AT,
            "2026-04-26T12:00:00Z",
            PhoneNumberId.parse("01900000-0000-0000-0000-000000000001"));
    String token = AgentMessageCursor.encode(cursor, SIGNER);
    assertThat(token.substring(0, token.indexOf('~'))).isEqualTo(SEED_CURSOR);
    assertThat(AgentMessageCursor.decode(token, SIGNER)).isEqualTo(cursor);
  }

  @Test
  void encoding_round_trips_with_full_precision() {
    var cursor =
        new NumberCursor(
            NumberSort.Field.CREATED_AT, "2026-04-26T12:00:00.123456Z", PhoneNumberId.random());
    String token = AgentMessageCursor.encode(cursor, SIGNER);
    assertThat(token).doesNotContain("+", "/", "=");
    assertThat(AgentMessageCursor.decode(token, SIGNER)).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"!!!", "bm90IGpzb24", "e30", "eyJjcmVhdGVkX2F0IjoieCIsImlkIjoieSJ9", SEED_CURSOR})
  void anything_else_is_an_invalid_cursor(String token) {
    var e =
        catchThrowableOfType(
            InvalidArgumentException.class, () -> AgentMessageCursor.decode(token, SIGNER));
    assertThat(e.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("cursor"));
  }

  /**
   * Issue 13 item 11: a cursor made by hand with the year +300000 (or signed by another key, or
   * edited after signing) reached the query and answered HTTP 500. It is refused as an invalid
   * cursor now.
   */
  @Test
  void a_forged_or_edited_cursor_is_refused() {
    String json =
        "{\"created_at\":\"+300000-01-01T00:00:00Z\",\"id\":\"01900000-0000-0000-0000-000000000001\"}";
    String unsigned =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    String genuine =
        AgentMessageCursor.encode(
            new NumberCursor(
                NumberSort.Field.CREATED_AT, "2026-04-26T12:00:00Z", PhoneNumberId.random()),
            SIGNER);
    String edited = unsigned + genuine.substring(genuine.indexOf('~'));
    String otherKey = HmacTokenSigner.random().sign(json.getBytes(StandardCharsets.UTF_8));
    for (String forged : new String[] {unsigned, edited, otherKey}) {
      assertThat(
              catchThrowableOfType(
                  InvalidArgumentException.class, () -> AgentMessageCursor.decode(forged, SIGNER)))
          .isNotNull();
    }
  }

  @Test
  void a_cursor_with_extra_keys_is_refused() {
    String token =
        SIGNER.sign(
            "{\"created_at\":\"2026-04-26T12:00:00Z\",\"id\":\"01900000-0000-0000-0000-000000000001\",\"x\":1}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(
            catchThrowableOfType(
                InvalidArgumentException.class, () -> AgentMessageCursor.decode(token, SIGNER)))
        .isNotNull();
  }
}
