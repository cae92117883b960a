package io.switchboard.domain.inventory;

import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeldAnywherePolicyTest {

  @ParameterizedTest(name = "held={0}, trunk={1}")
  @CsvSource({"true, false", "false, true", "true, true"})
  void a_number_held_by_an_organization_or_registered_as_a_trunk_is_not_free(
      boolean held, boolean trunk) {
    assertThat(HeldAnywherePolicy.isFree(held, trunk)).isFalse();
    assertThatThrownBy(() -> HeldAnywherePolicy.requireFree(US_NUMBER, held, trunk))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PHONE_NUMBER_ALREADY_HELD));
  }

  @ParameterizedTest(name = "held={0}, trunk={1}")
  @CsvSource({"false, false"})
  void a_number_nobody_holds_is_free(boolean held, boolean trunk) {
    assertThat(HeldAnywherePolicy.isFree(held, trunk)).isTrue();
    assertThatNoException()
        .isThrownBy(() -> HeldAnywherePolicy.requireFree(US_NUMBER, held, trunk));
  }
}
