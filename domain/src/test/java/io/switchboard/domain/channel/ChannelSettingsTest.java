package io.switchboard.domain.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.CountryCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelSettingsTest {
  private static final CountryCode US = new CountryCode("US");
  private static final CountryCode IT = new CountryCode("IT");
  private static final Capabilities SMS_ONLY =
      new Capabilities(false, true, false, false, false, false);

  @Test
  void a_fresh_number_starts_with_every_capable_channel_on_and_no_limits() {
    assertThat(ChannelSettings.initialFor(Capabilities.VOICE_AND_SMS))
        .isEqualTo(
            new ChannelSettings(
                new OutboundChannel(true, ChannelLimit.ZERO, List.of()),
                new OutboundChannel(true, ChannelLimit.ZERO, List.of()),
                new InboundChannel(true, ChannelLimit.ZERO)));
    assertThat(ChannelSettings.initialFor(Capabilities.VOICE_ONLY).sms().enabled()).isFalse();
    assertThat(ChannelSettings.initialFor(SMS_ONLY).voice().enabled()).isFalse();
    assertThat(ChannelSettings.initialFor(SMS_ONLY).inbound().enabled()).isTrue();
    assertThat(ChannelSettings.initialFor(Capabilities.NONE))
        .isEqualTo(ChannelSettings.ALL_DISABLED);
  }

  @Test
  void the_initial_settings_are_always_capable() {
    for (Capabilities c :
        List.of(Capabilities.NONE, Capabilities.VOICE_ONLY, Capabilities.VOICE_AND_SMS, SMS_ONLY)) {
      ChannelSettings.initialFor(c).requireCapable(c);
    }
  }

  @ParameterizedTest(name = "{0} cannot be enabled with voice={1} sms={2}")
  @CsvSource({
    "voice,   false, true",
    "voice,   false, false",
    "sms,     true,  false",
    "sms,     false, false",
    "inbound, false, false",
  })
  void a_channel_cannot_be_enabled_where_the_capability_is_false(
      String channel, boolean voice, boolean sms) {
    var capabilities = new Capabilities(voice, sms, false, false, false, false);
    ChannelSettings enabled =
        switch (channel) {
          case "voice" ->
              new ChannelSettings(on(), OutboundChannel.DISABLED, InboundChannel.DISABLED);
          case "sms" ->
              new ChannelSettings(OutboundChannel.DISABLED, on(), InboundChannel.DISABLED);
          default ->
              new ChannelSettings(
                  OutboundChannel.DISABLED,
                  OutboundChannel.DISABLED,
                  new InboundChannel(true, ChannelLimit.ZERO));
        };

    assertThatThrownBy(() -> enabled.requireCapable(capabilities))
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("CHANNEL_NOT_CAPABLE");
              assertThat(e.getMessage()).startsWith("cannot enable " + channel + ":");
              assertThat(e.metadata()).containsEntry("field", channel + ".enabled");
            });
  }

  @Test
  void inbound_needs_voice_or_sms_but_not_both() {
    var inboundOnly =
        new ChannelSettings(
            OutboundChannel.DISABLED,
            OutboundChannel.DISABLED,
            new InboundChannel(true, ChannelLimit.ZERO));

    inboundOnly.requireCapable(Capabilities.VOICE_ONLY);
    inboundOnly.requireCapable(SMS_ONLY);
  }

  @Test
  void a_disabled_channel_is_fine_whatever_the_capabilities_and_its_limit_may_still_be_set() {
    var disabledWithLimits =
        new ChannelSettings(
            new OutboundChannel(false, new ChannelLimit(5), List.of(US)),
            new OutboundChannel(false, new ChannelLimit(5), List.of(US)),
            new InboundChannel(false, new ChannelLimit(5)));

    disabledWithLimits.requireCapable(Capabilities.NONE);
  }

  @Test
  void destinations_are_country_codes_without_duplicates() {
    assertThat(
            new OutboundChannel(true, ChannelLimit.ZERO, List.of(US, IT)).whitelistedDestinations())
        .containsExactly(US, IT);
    assertThatThrownBy(() -> new OutboundChannel(true, ChannelLimit.ZERO, List.of(US, IT, US)))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> {
                      assertThat(v.field()).isEqualTo("whitelisted_destinations");
                      assertThat(v.description()).contains("US");
                    }));
  }

  @Test
  void a_destination_patch_with_duplicates_is_refused_when_the_patch_is_built() {
    assertThatThrownBy(
            () -> new OutboundChannelPatch(Patch.keep(), Patch.keep(), Patch.set(List.of(IT, IT))))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void every_country_at_once_is_a_valid_whitelist_but_a_list_beyond_the_cap_is_refused() {
    List<CountryCode> all = new ArrayList<>();
    for (String code : Locale.getISOCountries()) {
      all.add(new CountryCode(code));
    }
    assertThat(new OutboundChannel(true, ChannelLimit.ZERO, all).whitelistedDestinations())
        .hasSameSizeAs(all);

    List<CountryCode> tooMany = new ArrayList<>();
    while (tooMany.size() <= OutboundChannel.MAX_DESTINATIONS) {
      tooMany.addAll(all);
    }
    assertThatThrownBy(() -> new OutboundChannel(true, ChannelLimit.ZERO, tooMany))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations().get(0).description()).contains("at most"));
  }

  @Test
  void destinations_are_an_immutable_copy() {
    var mutable = new ArrayList<>(List.of(US));
    var channel = new OutboundChannel(true, ChannelLimit.ZERO, mutable);

    mutable.add(IT);

    assertThat(channel.whitelistedDestinations()).containsExactly(US);
    assertThatThrownBy(() -> channel.whitelistedDestinations().add(IT))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_patch_of_voice_leaves_sms_and_inbound_untouched() {
    var before =
        new ChannelSettings(
            new OutboundChannel(true, new ChannelLimit(2), List.of(US)),
            new OutboundChannel(true, new ChannelLimit(3), List.of(IT)),
            new InboundChannel(true, new ChannelLimit(4)));
    var patch =
        new ChannelSettingsPatch(
            new OutboundChannelPatch(
                Patch.set(false), Patch.set(new ChannelLimit(9)), Patch.set(List.of(IT))),
            OutboundChannelPatch.NONE,
            InboundChannelPatch.NONE);

    ChannelSettings after = before.apply(patch);

    assertThat(after.voice())
        .isEqualTo(new OutboundChannel(false, new ChannelLimit(9), List.of(IT)));
    assertThat(after.sms()).isEqualTo(before.sms());
    assertThat(after.inbound()).isEqualTo(before.inbound());
  }

  @Test
  void clearing_a_limit_sets_it_to_zero_and_clearing_destinations_empties_them() {
    var before = new OutboundChannel(true, new ChannelLimit(7), List.of(US, IT));

    OutboundChannel after =
        before.apply(new OutboundChannelPatch(Patch.keep(), Patch.clear(), Patch.clear()));

    assertThat(after).isEqualTo(new OutboundChannel(true, ChannelLimit.ZERO, List.of()));
    assertThat(
            new InboundChannel(true, new ChannelLimit(7))
                .apply(new InboundChannelPatch(Patch.keep(), Patch.clear())))
        .isEqualTo(new InboundChannel(true, ChannelLimit.ZERO));
  }

  @Test
  void enabled_is_not_clearable_so_a_clear_leaves_it_as_it_was() {
    var on = new OutboundChannel(true, ChannelLimit.ZERO, List.of());

    assertThat(
            on.apply(new OutboundChannelPatch(Patch.clear(), Patch.keep(), Patch.keep())).enabled())
        .isTrue();
    assertThat(
            new InboundChannel(true, ChannelLimit.ZERO)
                .apply(new InboundChannelPatch(Patch.clear(), Patch.keep()))
                .enabled())
        .isTrue();
  }

  @Test
  void a_patch_is_empty_only_when_every_field_is_keep() {
    assertThat(ChannelSettingsPatch.NONE.isEmpty()).isTrue();
    assertThat(
            new ChannelSettingsPatch(
                    OutboundChannelPatch.NONE,
                    OutboundChannelPatch.NONE,
                    new InboundChannelPatch(Patch.keep(), Patch.clear()))
                .isEmpty())
        .isFalse();
    assertThat(
            new ChannelSettingsPatch(
                    OutboundChannelPatch.NONE,
                    new OutboundChannelPatch(Patch.keep(), Patch.keep(), Patch.set(List.of())),
                    InboundChannelPatch.NONE)
                .isEmpty())
        .isFalse();
  }

  private static OutboundChannel on() {
    return new OutboundChannel(true, ChannelLimit.ZERO, List.of());
  }
}
