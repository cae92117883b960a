package io.switchboard.domain.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.CountryCode;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChannelSettingsProperties {

  @Property
  void a_channel_whose_patch_is_empty_is_left_untouched(
      @ForAll("settings") ChannelSettings before, @ForAll("patches") ChannelSettingsPatch patch) {
    ChannelSettings after = before.apply(patch);

    if (patch.voice().isEmpty()) {
      assertThat(after.voice()).isEqualTo(before.voice());
    }
    if (patch.sms().isEmpty()) {
      assertThat(after.sms()).isEqualTo(before.sms());
    }
    if (patch.inbound().isEmpty()) {
      assertThat(after.inbound()).isEqualTo(before.inbound());
    }
  }

  @Property
  void every_field_of_a_patched_outbound_channel_follows_its_patch(
      @ForAll("outbound") OutboundChannel before,
      @ForAll("outboundPatches") OutboundChannelPatch patch) {
    OutboundChannel after = before.apply(patch);

    assertThat(after.enabled())
        .isEqualTo(patch.enabled().applyTo(before.enabled(), before.enabled()));
    assertThat(after.channelLimit())
        .isEqualTo(patch.channelLimit().applyTo(before.channelLimit(), ChannelLimit.ZERO));
    assertThat(after.whitelistedDestinations())
        .isEqualTo(
            patch.whitelistedDestinations().applyTo(before.whitelistedDestinations(), List.of()));
  }

  @Property
  void the_empty_patch_is_the_identity(@ForAll("settings") ChannelSettings before) {
    assertThat(before.apply(ChannelSettingsPatch.NONE)).isEqualTo(before);
  }

  @Property
  void applying_a_patch_twice_is_the_same_as_applying_it_once(
      @ForAll("settings") ChannelSettings before, @ForAll("patches") ChannelSettingsPatch patch) {
    assertThat(before.apply(patch).apply(patch)).isEqualTo(before.apply(patch));
  }

  @Property
  void require_capable_refuses_exactly_the_settings_that_enable_an_incapable_channel(
      @ForAll("settings") ChannelSettings settings, @ForAll boolean voice, @ForAll boolean sms) {
    var capabilities = new Capabilities(voice, sms, false, false, false, false);
    boolean capable =
        (!settings.voice().enabled() || voice)
            && (!settings.sms().enabled() || sms)
            && (!settings.inbound().enabled() || voice || sms);

    if (capable) {
      settings.requireCapable(capabilities);
    } else {
      assertThatThrownBy(() -> settings.requireCapable(capabilities))
          .isInstanceOfSatisfying(
              FailedPreconditionException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.CHANNEL_NOT_CAPABLE));
    }
  }

  @Provide
  Arbitrary<ChannelSettings> settings() {
    return Combinators.combine(outbound(), outbound(), inbound()).as(ChannelSettings::new);
  }

  @Provide
  Arbitrary<ChannelSettingsPatch> patches() {
    return Combinators.combine(outboundPatches(), outboundPatches(), inboundPatches())
        .as(ChannelSettingsPatch::new);
  }

  @Provide
  Arbitrary<OutboundChannel> outbound() {
    return Combinators.combine(Arbitraries.of(true, false), limits(), destinations())
        .as(OutboundChannel::new);
  }

  @Provide
  Arbitrary<OutboundChannelPatch> outboundPatches() {
    return Combinators.combine(
            patchOf(Arbitraries.of(true, false)), patchOf(limits()), patchOf(destinations()))
        .as(OutboundChannelPatch::new);
  }

  private Arbitrary<InboundChannel> inbound() {
    return Combinators.combine(Arbitraries.of(true, false), limits()).as(InboundChannel::new);
  }

  private Arbitrary<InboundChannelPatch> inboundPatches() {
    return Combinators.combine(patchOf(Arbitraries.of(true, false)), patchOf(limits()))
        .as(InboundChannelPatch::new);
  }

  private static Arbitrary<ChannelLimit> limits() {
    return Arbitraries.integers().between(0, ChannelLimit.MAX).map(ChannelLimit::new);
  }

  private static Arbitrary<List<CountryCode>> destinations() {
    return Arbitraries.of(Locale.getISOCountries())
        .map(CountryCode::new)
        .list()
        .uniqueElements()
        .ofMaxSize(5);
  }

  /** Keep, clear and set equally often, so that partial patches are common. */
  static <T> Arbitrary<Patch<T>> patchOf(Arbitrary<T> values) {
    return Arbitraries.oneOf(
        Arbitraries.just(Patch.<T>keep()),
        Arbitraries.just(Patch.<T>clear()),
        values.map(Patch::set));
  }
}
