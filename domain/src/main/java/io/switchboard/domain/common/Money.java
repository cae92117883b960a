package io.switchboard.domain.common;

import io.switchboard.domain.error.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An amount in an ISO 4217 currency, never negative (fees). */
public record Money(BigDecimal amount, Currency currency) {
  /**
   * Fees are stored as numeric(12,4); a bound also keeps "1E+999999999" from being expanded digit
   * by digit.
   */
  public static final int MAX_INTEGER_DIGITS = 8;

  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (amount.signum() < 0) {
      throw InvalidArgumentException.of("amount", "must not be negative");
    }
    if (amount.scale() > 4) {
      throw InvalidArgumentException.of("amount", "must have at most 4 decimal places");
    }
    if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
      throw InvalidArgumentException.of("amount", "must be less than 100000000");
    }
    amount = amount.stripTrailingZeros();
    if (amount.scale() < 0) {
      amount = amount.setScale(0);
    }
  }

  public static Money of(String amount, String currencyCode) {
    if (amount == null) {
      throw InvalidArgumentException.of("amount", "must be a decimal number");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw InvalidArgumentException.of("amount", "must be a decimal number");
    }
    return new Money(value, currency(currencyCode));
  }

  public static Currency currency(String code) {
    if (code == null || !Text.capitalsOnly(code, 3)) {
      throw InvalidArgumentException.of("currency", "must be an ISO 4217 code such as EUR");
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("currency", "unknown ISO 4217 currency " + code);
    }
  }

  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO, currency);
  }
}
