package io.switchboard.domain.trunk;

import static io.switchboard.domain.DomainFixtures.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.DomainFixtures;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.OrganizationId;
import org.junit.jupiter.api.Test;

class TrunkOwnershipPolicyTest {
  private static final OrganizationId OTHER = OrganizationId.random();

  @Test
  void the_organization_may_add_a_trunk_to_its_own_external_number() {
    assertThatNoException()
        .isThrownBy(() -> TrunkOwnershipPolicy.requireRegistrable(DomainFixtures.external(), ORG));
  }

  @Test
  void another_organization_finds_the_number_unavailable_whatever_kind_it_is() {
    assertThatThrownBy(
            () -> TrunkOwnershipPolicy.requireRegistrable(DomainFixtures.external(), OTHER))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PHONE_NUMBER_UNAVAILABLE));
    assertThatThrownBy(
            () -> TrunkOwnershipPolicy.requireRegistrable(DomainFixtures.purchased(), OTHER))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PHONE_NUMBER_UNAVAILABLE));
  }

  @Test
  void a_purchased_number_takes_agents_by_binding_not_by_trunk() {
    assertThatThrownBy(
            () -> TrunkOwnershipPolicy.requireRegistrable(DomainFixtures.purchased(), ORG))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PHONE_NUMBER_IS_PURCHASED));
  }
}
