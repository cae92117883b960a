package io.switchboard.domain.routing.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Routing;
import io.switchboard.domain.routing.RoutingPatch;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingPoliciesTest {
  private static final Destination TRANSFER = new Destination.ToNumber(E164.parse("+4930901820"));
  private static final CallerScreening DENY_PREMIUM =
      new CallerScreening(List.of(), List.of(new CallerPrefix("+1900")), true);

  private static RoutingPatch patch(BindingChannel channel, ChannelPolicyPatch p) {
    return RoutingPatch.NONE.withPolicies(RoutingPoliciesPatch.NONE.with(channel, p));
  }

  @Test
  void a_patch_sets_keeps_and_clears_each_policy_of_each_channel() {
    Routing withFallback =
        Routing.EMPTY.apply(
            patch(
                BindingChannel.CALL,
                new ChannelPolicyPatch(Patch.set(TRANSFER), Patch.keep(), Patch.keep())));
    Routing screened =
        withFallback.apply(
            patch(
                BindingChannel.CALL,
                new ChannelPolicyPatch(Patch.keep(), Patch.set(DENY_PREMIUM), Patch.keep())));
    Routing cleared =
        screened.apply(
            patch(
                BindingChannel.CALL,
                new ChannelPolicyPatch(Patch.clear(), Patch.keep(), Patch.keep())));

    assertThat(screened.policies().of(BindingChannel.CALL))
        .isEqualTo(
            new ChannelPolicy(Optional.of(TRANSFER), Optional.of(DENY_PREMIUM), Optional.empty()));
    assertThat(screened.policies().of(BindingChannel.SMS)).isEqualTo(ChannelPolicy.NONE);
    assertThat(cleared.policies().of(BindingChannel.CALL).fallback()).isEmpty();
    assertThat(cleared.policies().of(BindingChannel.CALL).callerScreening()).contains(DENY_PREMIUM);
  }

  @Test
  void a_channel_whose_policies_are_all_cleared_holds_none() {
    Routing set =
        Routing.EMPTY.apply(
            patch(
                BindingChannel.SMS,
                new ChannelPolicyPatch(Patch.set(TRANSFER), Patch.keep(), Patch.keep())));

    Routing cleared = set.apply(RoutingPatch.NONE.withPolicies(RoutingPoliciesPatch.clearAll()));

    assertThat(cleared.policies().isEmpty()).isTrue();
    assertThat(cleared).isEqualTo(Routing.EMPTY);
  }

  @Test
  void policies_are_described_field_by_field_for_change_events() {
    var hours =
        new BusinessHours(
            ZoneId.of("Europe/Berlin"),
            Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-18:00"))),
            Map.of(LocalDate.parse("2026-12-25"), List.of()),
            Optional.of(new Destination.Reject(new RejectReason("closed"))));
    Routing before = Routing.EMPTY;
    Routing after =
        before.apply(
            patch(
                BindingChannel.CALL,
                new ChannelPolicyPatch(
                    Patch.set(TRANSFER), Patch.set(DENY_PREMIUM), Patch.set(hours))));

    var describedAfter = Changes.describe(numberWith(after));
    List<FieldChange> diff = Changes.diff(Changes.describe(numberWith(before)), describedAfter);

    assertThat(diff)
        .extracting(FieldChange::field)
        .containsExactly(
            "routing.policies.call.business_hours",
            "routing.policies.call.caller_screening",
            "routing.policies.call.fallback");
    assertThat(describedAfter.get("routing.policies.call.fallback"))
        .isEqualTo("transfer +4930901820");
    assertThat(describedAfter.get("routing.policies.call.caller_screening"))
        .isEqualTo("allow= deny=+1900 reject_anonymous=true");
    assertThat(describedAfter.get("routing.policies.call.business_hours"))
        .isEqualTo("Europe/Berlin mon=09:00-18:00 2026-12-25=closed after_hours=reject closed");
  }

  private static PhoneNumber numberWith(Routing routing) {
    var n =
        PhoneNumber.registerExternal(
            new PhoneNumberId(UUID.fromString("00000000-0000-0000-0000-000000000001")),
            new OrganizationId(UUID.fromString("00000000-0000-0000-0000-000000000002")),
            E164.parse("+12084439178"),
            Currency.getInstance("USD"),
            Instant.parse("2026-11-30T00:00:00Z"));
    return new PhoneNumber(
        n.id(),
        n.organizationId(),
        n.number(),
        n.type(),
        n.source(),
        n.status(),
        n.compliance(),
        n.capabilities(),
        n.location(),
        n.monthlyFee(),
        n.channelSettings(),
        routing,
        n.createdAt(),
        n.updatedAt(),
        n.releasedAt(),
        n.version());
  }
}
