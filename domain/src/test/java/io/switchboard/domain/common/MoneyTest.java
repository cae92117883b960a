package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  @ParameterizedTest(name = "{0} EUR is {1}")
  @CsvSource({
    "1.15,       1.15",
    "1.1500,     1.15",
    "0,          0",
    "0.0000,     0",
    "100,        100",
    "1E+2,       100",
    "0.0001,     0.0001",
    "99999999.9999, 99999999.9999",
  })
  void amounts_are_kept_without_trailing_zeros_so_equal_fees_are_equal(
      String text, String expected) {
    Money money = Money.of(text, "EUR");

    assertThat(money.amount()).isEqualTo(new BigDecimal(expected));
    assertThat(money.amount().scale()).isNotNegative();
    assertThat(money.currency()).isEqualTo(EUR);
  }

  @Test
  void the_same_amount_written_differently_is_the_same_money() {
    assertThat(Money.of("2.50", "USD")).isEqualTo(Money.of("2.5", "USD"));
    assertThat(Money.of("2.50", "USD")).isNotEqualTo(Money.of("2.50", "EUR"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.01", "-1", "-100"})
  void a_fee_is_never_negative(String amount) {
    assertAmountRefused(amount);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.00001", "1.123456"})
  void a_fee_has_at_most_4_decimal_places(String amount) {
    assertAmountRefused(amount);
  }

  @ParameterizedTest
  @ValueSource(strings = {"100000000", "1E+9", "1E+999999999", "123456789012345678901234567890"})
  void a_fee_below_one_hundred_million_is_all_a_fee_can_be(String amount) {
    assertAmountRefused(amount);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"abc", "1,50", "1.2.3", " 1", "NaN", "Infinity", "0x10"})
  void an_amount_that_is_not_a_decimal_number_is_an_invalid_argument(String amount) {
    assertAmountRefused(amount);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"eur", "EU", "EURO", "XYZ", "ZZZ", "€", "123"})
  void the_currency_is_an_iso_4217_code(String code) {
    assertThatThrownBy(() -> Money.of("1", code))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("currency")));
  }

  @Test
  void zero_is_zero_in_the_currency() {
    assertThat(Money.zero(EUR)).isEqualTo(Money.of("0.00", "EUR"));
  }

  private static void assertAmountRefused(String amount) {
    assertThatThrownBy(() -> Money.of(amount, "EUR"))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("amount")));
  }
}
