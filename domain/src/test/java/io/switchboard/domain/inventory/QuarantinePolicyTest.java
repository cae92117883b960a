package io.switchboard.domain.inventory;

import static io.switchboard.domain.DomainFixtures.T0;
import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.common.Money;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuarantinePolicyTest {
  private static final AvailableNumber RELEASED_AT_T0 =
      new AvailableNumber(
          US_NUMBER,
          NumberType.LOCAL,
          Capabilities.VOICE_AND_SMS,
          Money.of("1", "USD"),
          "Boise, ID",
          List.of(),
          T0,
          T0.plus(PhoneNumber.QUARANTINE));

  @Test
  void a_number_in_quarantine_cannot_be_bought_and_the_refusal_says_from_when_it_can() {
    assertThat(QuarantinePolicy.isBuyable(RELEASED_AT_T0, T0.plusSeconds(60))).isFalse();
    assertThatThrownBy(() -> QuarantinePolicy.requireBuyable(RELEASED_AT_T0, T0.plusSeconds(60)))
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.PHONE_NUMBER_QUARANTINED);
              assertThat(e.metadata())
                  .containsEntry("available_from", T0.plus(PhoneNumber.QUARANTINE).toString());
            });
  }

  @Test
  void the_quarantine_ends_at_its_last_instant() {
    assertThat(QuarantinePolicy.isBuyable(RELEASED_AT_T0, T0.plus(PhoneNumber.QUARANTINE)))
        .isTrue();
    assertThatNoException()
        .isThrownBy(
            () -> QuarantinePolicy.requireBuyable(RELEASED_AT_T0, T0.plus(PhoneNumber.QUARANTINE)));
  }
}
