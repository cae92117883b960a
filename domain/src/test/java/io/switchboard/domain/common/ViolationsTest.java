package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import org.junit.jupiter.api.Test;

class ViolationsTest {

  @Test
  void every_violation_is_reported_at_once_not_only_the_first() {
    var violations = new Violations();
    violations.add("a", "is wrong");
    violations.check(false, "b", "is wrong too");
    violations.check(true, "c", "is fine");

    assertThatThrownBy(violations::throwIfAny)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.violations())
                  .containsExactly(
                      new FieldViolation("a", "is wrong"), new FieldViolation("b", "is wrong too"));
              assertThat(e.getMessage()).isEqualTo("a: is wrong (and 1 more)");
            });
  }

  @Test
  void a_failed_parse_is_recorded_under_its_field_and_returns_null() {
    var violations = new Violations();

    CountryCode parsed = violations.parse("country", () -> new CountryCode("ZZ"));

    assertThat(parsed).isNull();
    assertThat(violations.list())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("country"));
  }

  @Test
  void a_successful_parse_returns_its_value_and_records_nothing() {
    var violations = new Violations();

    assertThat(violations.parse("country", () -> new CountryCode("US")))
        .isEqualTo(new CountryCode("US"));
    assertThat(violations.isEmpty()).isTrue();
    violations.throwIfAny();
  }

  @Test
  void a_parse_that_fails_for_another_reason_is_not_swallowed() {
    var violations = new Violations();

    assertThatThrownBy(() ->
            violations.parse(
                "x",
                () -> {
                  throw new IllegalStateException("bug");
                }))
        .isInstanceOf(IllegalStateException.class);
  }
}
