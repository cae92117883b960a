package io.switchboard.domain.trunk;

import static io.switchboard.domain.DomainFixtures.NUMBER_ID;
import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static io.switchboard.domain.DomainFixtures.TRUNK_ID;
import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static io.switchboard.domain.DomainFixtures.callTrunk;
import static io.switchboard.domain.DomainFixtures.sealed;
import static io.switchboard.domain.DomainFixtures.trunkNamed;
import static io.switchboard.domain.DomainFixtures.whatsappTrunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.common.Patch;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrunkTest {
  private static final Instant LATER = T0.plusSeconds(60);
  private static final SipSettings FULL_SIP =
      new SipSettings(
          Optional.of(new SipHost("sip.example.com")),
          Optional.of(new SipPort(5061)),
          Optional.of(sealed("k1", "user-cipher")),
          Optional.of(sealed("k1", "pass-cipher")),
          Optional.of(new SipHost("backup.example.com")));

  @Test
  void a_registered_trunk_starts_at_version_1_with_the_default_name() {
    Trunk trunk = callTrunk(FULL_SIP);

    assertThat(trunk.id()).isEqualTo(TRUNK_ID);
    assertThat(trunk.organizationId()).isEqualTo(ORG);
    assertThat(trunk.phoneNumberId()).isEqualTo(NUMBER_ID);
    assertThat(trunk.number()).isEqualTo(US_NUMBER);
    assertThat(trunk.name()).isEqualTo(new TrunkName("call_trunk_12084439178"));
    assertThat(trunk.direction()).contains(TrunkDirection.INBOUND);
    assertThat(trunk.sip()).isEqualTo(FULL_SIP);
    assertThat(trunk.createdAt()).isEqualTo(T0);
    assertThat(trunk.updatedAt()).isEqualTo(T0);
    assertThat(trunk.version()).isEqualTo(1);
  }

  @Test
  void a_given_name_wins_over_the_default() {
    assertThat(trunkNamed("Main PBX").name()).isEqualTo(new TrunkName("Main PBX"));
  }

  @Test
  void a_call_trunk_without_direction_defaults_to_both() {
    Trunk trunk =
        Trunk.register(
            TRUNK_ID,
            ORG,
            NUMBER_ID,
            US_NUMBER,
            TrunkChannel.CALL,
            Optional.empty(),
            Optional.empty(),
            SipSettings.NONE,
            AdditionalSettings.EMPTY,
            T0);

    assertThat(trunk.direction()).contains(TrunkDirection.BOTH);
  }

  @Test
  void a_whatsapp_trunk_has_no_direction_even_when_one_is_given() {
    Trunk trunk =
        Trunk.register(
            TRUNK_ID,
            ORG,
            NUMBER_ID,
            US_NUMBER,
            TrunkChannel.WHATSAPP,
            Optional.empty(),
            Optional.of(TrunkDirection.OUTBOUND),
            SipSettings.NONE,
            AdditionalSettings.EMPTY,
            T0);

    assertThat(trunk.direction()).isEmpty();
    assertThat(trunk.name()).isEqualTo(new TrunkName("whatsapp_trunk_12084439178"));
  }

  @Test
  void a_direction_patched_onto_a_whatsapp_trunk_is_dropped_and_changes_nothing() {
    Trunk trunk = whatsappTrunk();

    Trunk after =
        trunk.apply(
            new TrunkPatch(
                Patch.keep(), Patch.set(TrunkDirection.INBOUND), SipPatch.NONE, Patch.keep()),
            LATER);

    assertThat(after).isSameAs(trunk);
  }

  @Test
  void clearing_the_direction_of_a_call_trunk_restores_both() {
    Trunk after =
        callTrunk(SipSettings.NONE)
            .apply(new TrunkPatch(Patch.keep(), Patch.clear(), SipPatch.NONE, Patch.keep()), LATER);

    assertThat(after.direction()).contains(TrunkDirection.BOTH);
  }

  @Test
  void sip_keys_merge_one_by_one_and_an_empty_value_clears_its_key() {
    Trunk before = callTrunk(FULL_SIP);
    var patch =
        new SipPatch(
            Patch.set(new SipHost("new.example.com")),
            Patch.keep(),
            Patch.keep(),
            Patch.set(sealed("k2", "new-pass-cipher")),
            Patch.clear());

    Trunk after =
        before.apply(new TrunkPatch(Patch.keep(), Patch.keep(), patch, Patch.keep()), LATER);

    assertThat(after.sip())
        .isEqualTo(
            new SipSettings(
                Optional.of(new SipHost("new.example.com")),
                FULL_SIP.port(),
                FULL_SIP.username(),
                Optional.of(sealed("k2", "new-pass-cipher")),
                Optional.empty()));
  }

  @Test
  void additional_settings_are_replaced_whole_and_clear_empties_them() {
    Trunk before =
        callTrunk(SipSettings.NONE)
            .apply(
                new TrunkPatch(
                    Patch.keep(),
                    Patch.keep(),
                    SipPatch.NONE,
                    Patch.set(new AdditionalSettings("{\"a\":1,\"b\":2}"))),
                T0);

    Trunk replaced =
        before.apply(
            new TrunkPatch(
                Patch.keep(),
                Patch.keep(),
                SipPatch.NONE,
                Patch.set(new AdditionalSettings("{\"c\":3}"))),
            LATER);
    Trunk cleared =
        before.apply(
            new TrunkPatch(Patch.keep(), Patch.keep(), SipPatch.NONE, Patch.clear()), LATER);

    assertThat(replaced.additionalSettings().json()).isEqualTo("{\"c\":3}");
    assertThat(cleared.additionalSettings()).isEqualTo(AdditionalSettings.EMPTY);
  }

  @Test
  void clearing_the_name_restores_the_default_name() {
    Trunk after =
        trunkNamed("Main PBX")
            .apply(new TrunkPatch(Patch.clear(), Patch.keep(), SipPatch.NONE, Patch.keep()), LATER);

    assertThat(after.name()).isEqualTo(new TrunkName("call_trunk_12084439178"));
  }

  @Test
  void a_change_bumps_the_version_once_and_stamps_the_time() {
    Trunk before = callTrunk(FULL_SIP);

    Trunk after =
        before.apply(
            new TrunkPatch(
                Patch.set(new TrunkName("Renamed")), Patch.keep(), SipPatch.NONE, Patch.keep()),
            LATER);

    assertThat(after.version()).isEqualTo(2);
    assertThat(after.updatedAt()).isEqualTo(LATER);
    assertThat(after.createdAt()).isEqualTo(T0);
    assertThat(after.name()).isEqualTo(new TrunkName("Renamed"));
  }

  @Test
  void a_patch_that_changes_nothing_returns_the_same_instance() {
    Trunk before = callTrunk(FULL_SIP);
    var sameValues =
        new TrunkPatch(
            Patch.set(before.name()),
            Patch.set(TrunkDirection.INBOUND),
            new SipPatch(
                Patch.set(new SipHost("sip.example.com")),
                Patch.keep(),
                Patch.set(sealed("k1", "user-cipher")),
                Patch.keep(),
                Patch.keep()),
            Patch.set(AdditionalSettings.EMPTY));

    assertThat(before.apply(TrunkPatch.NONE, LATER)).isSameAs(before);
    assertThat(before.apply(sameValues, LATER)).isSameAs(before);
  }
}
