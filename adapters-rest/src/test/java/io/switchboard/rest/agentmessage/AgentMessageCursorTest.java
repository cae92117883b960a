package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.application.number.NumberCursor;
import io.switchboard.application.number.NumberSort;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumberId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentMessageCursorTest {
  /** meta.next_cursor of the seed 004 example. */
  private static final String SEED_CURSOR = "eyJjcmVhdGVkX2F0IjoiMjAyNi0wNC0yNlQxMjowMDowMFoiLCJpZCI6IjAxOTAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMSJ9";

  @Test
  void the_seed_cursor_decodes_to_created_at_and_id() {
    NumberCursor cursor = AgentMessageCursor.decode(SEED_CURSOR);
    assertThat(cursor.field()).isEqualTo(NumberSort.Field.CREATED_AT);
    assertThat(cursor.sortValue()).isEqualTo("2026-04-26T12:00:00Z");
    assertThat(cursor.afterId()).isEqualTo(PhoneNumberId.parse("01900000-0000-0000-0000-000000000001"));
  }

  @Test
  void encoding_round_trips_with_full_precision() {
    var cursor = new NumberCursor(NumberSort.Field.CREATED_AT, "2026-04-26T12:00:00.123456Z", PhoneNumberId.random());
    String token = AgentMessageCursor.encode(cursor);
    assertThat(token).doesNotContain("+", "/", "=");
    assertThat(AgentMessageCursor.decode(token)).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!", "bm90IGpzb24", "e30", "eyJjcmVhdGVkX2F0IjoieCIsImlkIjoieSJ9"})
  void anything_else_is_an_invalid_cursor(String token) {
    var e = catchThrowableOfType(InvalidArgumentException.class, () -> AgentMessageCursor.decode(token));
    assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("cursor"));
  }

  @Test
  void a_cursor_with_extra_keys_is_refused() {
    String token = Base64.getEncoder().encodeToString(
        "{\"created_at\":\"2026-04-26T12:00:00Z\",\"id\":\"01900000-0000-0000-0000-000000000001\",\"x\":1}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(catchThrowableOfType(InvalidArgumentException.class, () -> AgentMessageCursor.decode(token)))
        .isNotNull();
  }
}
