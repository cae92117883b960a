package io.switchboard.domain.inventory;

import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.Organization;
import org.junit.jupiter.api.Test;

class PurchaseCapPolicyTest {
  private static final Organization CAPPED_AT_3 = new Organization(ORG, "acme", 3, T0);

  @Test
  void buying_up_to_the_limit_is_allowed() {
    assertThatNoException().isThrownBy(() -> PurchaseCapPolicy.requireRoomFor(CAPPED_AT_3, 0, 3));
    assertThatNoException().isThrownBy(() -> PurchaseCapPolicy.requireRoomFor(CAPPED_AT_3, 2, 1));
  }

  @Test
  void buying_past_the_limit_is_refused_with_the_limit_and_the_count() {
    assertThatThrownBy(() -> PurchaseCapPolicy.requireRoomFor(CAPPED_AT_3, 2, 2))
        .isInstanceOfSatisfying(
            ResourceExhaustedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.PURCHASE_LIMIT_REACHED);
              assertThat(e.metadata()).containsEntry("limit", "3").containsEntry("current", "2");
            });
  }

  @Test
  void an_organization_already_over_its_limit_buys_nothing() {
    assertThatThrownBy(() -> PurchaseCapPolicy.requireRoomFor(CAPPED_AT_3, 4, 1))
        .isInstanceOf(ResourceExhaustedException.class);
  }
}
