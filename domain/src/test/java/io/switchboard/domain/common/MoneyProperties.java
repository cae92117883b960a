package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.error.InvalidArgumentException;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MoneyProperties {

  @Property(tries = 2000)
  void any_amount_text_is_either_a_valid_fee_or_an_invalid_argument(
      @ForAll("amountTexts") String text) {
    Money money;
    try {
      money = Money.of(text, "EUR");
    } catch (InvalidArgumentException rejected) {
      return;
    }
    assertThat(money.amount().signum()).isNotNegative();
    assertThat(money.amount().scale()).isBetween(0, 4);
    assertThat(money.amount()).isLessThan(new BigDecimal("100000000"));
  }

  @Property
  void the_amount_is_canonical_so_equal_values_make_equal_money(
      @ForAll("fees") BigDecimal fee, @ForAll("zeros") int trailingZeros) {
    BigDecimal padded = fee.setScale(Math.min(4, fee.scale() + trailingZeros));

    assertThat(new Money(padded, Money.currency("EUR")))
        .isEqualTo(new Money(fee, Money.currency("EUR")));
    assertThat(Money.of(new Money(fee, Money.currency("EUR")).amount().toPlainString(), "EUR"))
        .isEqualTo(new Money(fee, Money.currency("EUR")));
  }

  @Provide
  Arbitrary<String> amountTexts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789.-+eE").ofMaxLength(24),
        Arbitraries.strings().all().ofMaxLength(24),
        fees().map(BigDecimal::toPlainString),
        Combinators.combine(
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(-20, 20))
            .as((digits, exponent) -> digits + "E" + exponent));
  }

  @Provide
  Arbitrary<BigDecimal> fees() {
    // Up to 8 digits before the point and 4 after: what numeric(12,4) holds.
    return Arbitraries.integers()
        .between(0, 4)
        .flatMap(scale ->
            Arbitraries.longs()
                .between(
                    0, BigDecimal.TEN.pow(Money.MAX_INTEGER_DIGITS + scale).longValueExact() - 1)
                .map(unscaled -> BigDecimal.valueOf(unscaled, scale)));
  }

  @Provide
  Arbitrary<Integer> zeros() {
    return Arbitraries.integers().between(0, 4);
  }
}
