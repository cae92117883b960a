package io.switchboard.domain.inventory;

import static io.switchboard.domain.DomainFixtures.T0;
import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.common.Money;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailableNumberTest {

  @Test
  void a_number_back_from_quarantine_is_available_from_the_end_of_its_quarantine_on() {
    var releasedAt = T0;
    var offer =
        new AvailableNumber(
            US_NUMBER,
            NumberType.LOCAL,
            Capabilities.VOICE_AND_SMS,
            Money.of("1", "USD"),
            "Boise, ID",
            List.of(),
            T0.minusSeconds(86_400),
            releasedAt.plus(PhoneNumber.QUARANTINE));

    assertThat(offer.isAvailableAt(releasedAt.plus(PhoneNumber.QUARANTINE).minusMillis(1)))
        .isFalse();
    assertThat(offer.isAvailableAt(releasedAt.plus(PhoneNumber.QUARANTINE))).isTrue();
    assertThat(offer.isAvailableAt(releasedAt.plus(PhoneNumber.QUARANTINE).plusSeconds(1)))
        .isTrue();
  }
}
