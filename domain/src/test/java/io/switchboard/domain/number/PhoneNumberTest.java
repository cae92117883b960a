package io.switchboard.domain.number;

import static io.switchboard.domain.DomainFixtures.NUMBER_ID;
import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static io.switchboard.domain.DomainFixtures.USD;
import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static io.switchboard.domain.DomainFixtures.external;
import static io.switchboard.domain.DomainFixtures.offer;
import static io.switchboard.domain.DomainFixtures.purchased;
import static io.switchboard.domain.DomainFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettings;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.Routing;
import io.switchboard.domain.routing.RoutingPatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhoneNumberTest {
  private static final Instant LATER = T0.plusSeconds(60);

  private static final ChannelSettingsPatch LIMIT_VOICE_TO_5 =
      new ChannelSettingsPatch(
          new OutboundChannelPatch(Patch.keep(), Patch.set(new ChannelLimit(5)), Patch.keep()),
          OutboundChannelPatch.NONE,
          InboundChannelPatch.NONE);

  private static final RoutingPatch LABEL_SUPPORT =
      new RoutingPatch(
          Patch.keep(),
          Patch.keep(),
          Patch.keep(),
          Patch.set(new Label("Support")),
          Patch.keep(),
          Patch.keep());

  @Test
  void a_purchased_number_starts_active_at_version_1_with_its_capable_channels_on_and_no_routing() {
    PhoneNumber n = purchased();

    assertThat(n.id()).isEqualTo(NUMBER_ID);
    assertThat(n.organizationId()).isEqualTo(ORG);
    assertThat(n.number()).isEqualTo(US_NUMBER);
    assertThat(n.type()).isEqualTo(NumberType.LOCAL);
    assertThat(n.source()).isEqualTo(NumberSource.PURCHASED);
    assertThat(n.status()).isEqualTo(NumberStatus.ACTIVE);
    assertThat(n.compliance()).isEqualTo(Compliance.COMPLETED);
    assertThat(n.capabilities()).isEqualTo(Capabilities.VOICE_AND_SMS);
    assertThat(n.location()).isEqualTo("Boise, ID");
    assertThat(n.monthlyFee()).isEqualTo(Money.of("1.15", "USD"));
    assertThat(n.channelSettings())
        .isEqualTo(ChannelSettings.initialFor(Capabilities.VOICE_AND_SMS));
    assertThat(n.routing()).isEqualTo(Routing.EMPTY);
    assertThat(n.createdAt()).isEqualTo(T0);
    assertThat(n.updatedAt()).isEqualTo(T0);
    assertThat(n.releasedAt()).isEmpty();
    assertThat(n.version()).isEqualTo(1);
    assertThat(n.etag()).isEqualTo("1");
    assertThat(n.isExternal()).isFalse();
    assertThat(n.isReleased()).isFalse();
    assertThat(n.isQuarantined(T0)).isFalse();
  }

  @Test
  void a_purchased_number_with_requirements_starts_with_compliance_pending() {
    var proof = new ComplianceRequirement("proof_of_address", "document", "A utility bill");

    PhoneNumber n =
        PhoneNumber.purchase(NUMBER_ID, ORG, offer(Capabilities.VOICE_AND_SMS, List.of(proof)), T0);

    assertThat(n.compliance())
        .isEqualTo(new Compliance(ComplianceStatus.REQUIREMENT_PENDING, List.of(proof)));
  }

  @Test
  void an_external_number_starts_active_voice_only_free_and_typed_by_libphonenumber() {
    PhoneNumber n = external();

    assertThat(n.source()).isEqualTo(NumberSource.EXTERNAL);
    assertThat(n.isExternal()).isTrue();
    assertThat(n.status()).isEqualTo(NumberStatus.ACTIVE);
    assertThat(n.capabilities()).isEqualTo(Capabilities.VOICE_ONLY);
    assertThat(n.channelSettings()).isEqualTo(ChannelSettings.initialFor(Capabilities.VOICE_ONLY));
    assertThat(n.monthlyFee()).isEqualTo(Money.zero(USD));
    assertThat(n.location()).isEqualTo("US");
    assertThat(n.type()).isEqualTo(US_NUMBER.inferredType());
    assertThat(n.compliance()).isEqualTo(Compliance.COMPLETED);
    assertThat(n.version()).isEqualTo(1);
  }

  @Test
  void a_channel_settings_change_bumps_the_version_exactly_once_and_stamps_the_time() {
    PhoneNumber before = purchased();

    PhoneNumber after = before.withChannelSettings(LIMIT_VOICE_TO_5, LATER);

    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.etag()).isNotEqualTo(before.etag());
    assertThat(after.updatedAt()).isEqualTo(LATER);
    assertThat(after.createdAt()).isEqualTo(T0);
    assertThat(after.channelSettings().voice().channelLimit()).isEqualTo(new ChannelLimit(5));
    assertThat(after.channelSettings().sms()).isEqualTo(before.channelSettings().sms());
    assertThat(after.routing()).isEqualTo(before.routing());
  }

  @Test
  void a_channel_settings_patch_that_changes_nothing_returns_the_same_instance() {
    PhoneNumber before = purchased();

    assertThat(before.withChannelSettings(ChannelSettingsPatch.NONE, LATER)).isSameAs(before);
    PhoneNumber once = before.withChannelSettings(LIMIT_VOICE_TO_5, LATER);
    assertThat(once.withChannelSettings(LIMIT_VOICE_TO_5, LATER.plusSeconds(1))).isSameAs(once);
  }

  @Test
  void a_number_refuses_to_enable_a_channel_it_is_not_capable_of() {
    PhoneNumber voiceOnly = purchased(Capabilities.VOICE_ONLY);
    var enableSms =
        new ChannelSettingsPatch(
            OutboundChannelPatch.NONE,
            new OutboundChannelPatch(Patch.set(true), Patch.keep(), Patch.keep()),
            InboundChannelPatch.NONE);

    assertThatThrownBy(() -> voiceOnly.withChannelSettings(enableSms, LATER))
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CHANNEL_NOT_CAPABLE));
  }

  @Test
  void
      a_routing_change_bumps_the_version_exactly_once_and_an_empty_one_returns_the_same_instance() {
    PhoneNumber before = purchased();

    PhoneNumber after = before.withRouting(LABEL_SUPPORT, LATER);

    assertThat(after.version()).isEqualTo(2);
    assertThat(after.updatedAt()).isEqualTo(LATER);
    assertThat(after.routing().label()).contains(new Label("Support"));
    assertThat(after.channelSettings()).isEqualTo(before.channelSettings());
    assertThat(before.withRouting(RoutingPatch.NONE, LATER)).isSameAs(before);
    assertThat(after.withRouting(LABEL_SUPPORT, LATER.plusSeconds(1))).isSameAs(after);
  }

  @Test
  void an_external_number_cannot_be_released() {
    assertThatThrownBy(() -> external().release(LATER))
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("PHONE_NUMBER_IS_EXTERNAL"));
  }

  @Test
  void releasing_clears_routing_keeps_channel_settings_and_starts_a_quarantine() {
    PhoneNumber routed =
        purchased()
            .withRouting(LABEL_SUPPORT.withInboundAgent(Patch.set(new AgentId("agent-1"))), T0)
            .withRouting(
                new RoutingPatch(
                    Patch.keep(),
                    Patch.set(url("https://example.com/in")),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep()),
                T0);

    PhoneNumber released = routed.release(LATER);

    assertThat(released.status()).isEqualTo(NumberStatus.RELEASED);
    assertThat(released.isReleased()).isTrue();
    assertThat(released.routing()).isEqualTo(Routing.EMPTY);
    assertThat(released.channelSettings()).isEqualTo(routed.channelSettings());
    assertThat(released.releasedAt()).contains(LATER);
    assertThat(released.quarantineEndsAt()).contains(LATER.plus(Duration.ofDays(30)));
    assertThat(released.version()).isEqualTo(routed.version() + 1);
    assertThat(released.updatedAt()).isEqualTo(LATER);
  }

  @Test
  void a_released_number_is_quarantined_for_exactly_30_days() {
    PhoneNumber released = purchased().release(T0);

    assertThat(released.isQuarantined(T0)).isTrue();
    assertThat(released.isQuarantined(T0.plus(Duration.ofDays(29).plusHours(23)))).isTrue();
    assertThat(released.isQuarantined(T0.plus(Duration.ofDays(30)).minusMillis(1))).isTrue();
    assertThat(released.isQuarantined(T0.plus(Duration.ofDays(30)))).isFalse();
    assertThat(released.isQuarantined(T0.plus(Duration.ofDays(31)))).isFalse();
    assertThat(PhoneNumber.QUARANTINE).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void a_held_number_is_never_quarantined_and_has_no_quarantine_end() {
    assertThat(purchased().isQuarantined(T0.plus(Duration.ofDays(1)))).isFalse();
    assertThat(purchased().quarantineEndsAt()).isEmpty();
  }

  @Test
  void a_released_number_refuses_changes_and_a_second_release() {
    PhoneNumber released = purchased().release(T0);

    assertReleasedRefusal(() -> released.withChannelSettings(LIMIT_VOICE_TO_5, LATER));
    assertReleasedRefusal(() -> released.withChannelSettings(ChannelSettingsPatch.NONE, LATER));
    assertReleasedRefusal(() -> released.withRouting(LABEL_SUPPORT, LATER));
    assertReleasedRefusal(() -> released.release(LATER));
    assertReleasedRefusal(released::requireHeld);
  }

  @Test
  void a_held_number_passes_require_held() {
    purchased().requireHeld();
    external().requireHeld();
  }

  @Test
  void touched_advances_the_version_without_changing_anything_else() {
    PhoneNumber before = purchased();

    PhoneNumber after = before.touched(LATER);

    assertThat(after.version()).isEqualTo(2);
    assertThat(after.updatedAt()).isEqualTo(LATER);
    assertThat(after.channelSettings()).isEqualTo(before.channelSettings());
    assertThat(after.routing()).isEqualTo(before.routing());
    assertThat(after.status()).isEqualTo(before.status());
  }

  @Test
  void released_at_is_set_exactly_when_the_status_is_released_and_versions_start_at_1() {
    PhoneNumber n = purchased();

    assertThatThrownBy(() ->
            new PhoneNumber(
                n.id(),
                n.organizationId(),
                n.number(),
                n.type(),
                n.source(),
                NumberStatus.RELEASED,
                n.compliance(),
                n.capabilities(),
                n.location(),
                n.monthlyFee(),
                n.channelSettings(),
                n.routing(),
                n.createdAt(),
                n.updatedAt(),
                Optional.empty(),
                1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new PhoneNumber(
                n.id(),
                n.organizationId(),
                n.number(),
                n.type(),
                n.source(),
                NumberStatus.ACTIVE,
                n.compliance(),
                n.capabilities(),
                n.location(),
                n.monthlyFee(),
                n.channelSettings(),
                n.routing(),
                n.createdAt(),
                n.updatedAt(),
                Optional.of(T0),
                1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new PhoneNumber(
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
                n.routing(),
                n.createdAt(),
                n.updatedAt(),
                n.releasedAt(),
                0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertReleasedRefusal(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("PHONE_NUMBER_RELEASED");
              assertThat(e.metadata())
                  .containsEntry("quarantine_ends_at", T0.plus(Duration.ofDays(30)).toString());
            });
  }
}
