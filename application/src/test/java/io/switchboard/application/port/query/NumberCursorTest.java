package io.switchboard.application.port.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumberId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13 item 11: a cursor value no query can hold is refused before any query. */
class NumberCursorTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          NUMBER      | +1\u0000
          NUMBER      | +12084439178x
          NUMBER      | 12084439178
          MONTHLY_FEE | 1e-1000000
          MONTHLY_FEE | 1E+5
          MONTHLY_FEE | 123456789012.5
          MONTHLY_FEE | 1.23456
          MONTHLY_FEE | NaN
          CREATED_AT  | +300000-01-01T00:00:00Z
          CREATED_AT  | -4714-01-01T00:00:00Z
          CREATED_AT  | yesterday
          """)
  void values_no_query_can_hold_are_refused(NumberSort.Field field, String value) {
    assertThatThrownBy(() -> new NumberCursor(field, value, PhoneNumberId.random()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          NUMBER      | +12084439178
          MONTHLY_FEE | 1.5000
          MONTHLY_FEE | 0
          CREATED_AT  | 2026-04-26T12:00:00.123456Z
          """)
  void positions_the_service_issues_pass(NumberSort.Field field, String value) {
    assertThat(new NumberCursor(field, value, PhoneNumberId.random()).sortValue()).isEqualTo(value);
  }
}
