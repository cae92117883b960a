package io.switchboard.domain.trunk;

import static io.switchboard.domain.DomainFixtures.T0;
import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.DomainFixtures;
import io.switchboard.domain.common.Patch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TrunkProperties {

  @Property
  void every_sip_key_follows_its_own_patch(
      @ForAll("sips") SipSettings before, @ForAll("sipPatches") SipPatch patch) {
    SipSettings after = before.apply(patch);

    assertThat(after.gateway()).isEqualTo(patch.gateway().applyTo(before.gateway()));
    assertThat(after.port()).isEqualTo(patch.port().applyTo(before.port()));
    assertThat(after.username()).isEqualTo(patch.username().applyTo(before.username()));
    assertThat(after.password()).isEqualTo(patch.password().applyTo(before.password()));
    assertThat(after.secondaryGateway())
        .isEqualTo(patch.secondaryGateway().applyTo(before.secondaryGateway()));
  }

  @Property
  void a_patch_either_returns_the_same_trunk_or_a_changed_one_exactly_one_version_later(
      @ForAll("trunks") Trunk before, @ForAll("trunkPatches") TrunkPatch patch) {
    Trunk after = before.apply(patch, T0.plusSeconds(1));

    if (after == before) {
      return;
    }
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(List.of(after.name(), after.direction(), after.sip(), after.additionalSettings()))
        .isNotEqualTo(
            List.of(before.name(), before.direction(), before.sip(), before.additionalSettings()));
  }

  @Property
  void only_call_trunks_have_a_direction(
      @ForAll("trunks") Trunk before, @ForAll("trunkPatches") TrunkPatch patch) {
    Trunk after = before.apply(patch, T0.plusSeconds(1));

    assertThat(after.direction().isPresent()).isEqualTo(after.channel() == TrunkChannel.CALL);
  }

  @Property
  void the_key_and_creation_time_of_a_trunk_never_change(
      @ForAll("trunks") Trunk before, @ForAll("trunkPatches") TrunkPatch patch) {
    Trunk after = before.apply(patch, T0.plusSeconds(1));

    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.number()).isEqualTo(before.number());
    assertThat(after.channel()).isEqualTo(before.channel());
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
  }

  @Provide
  Arbitrary<Trunk> trunks() {
    return Combinators.combine(
            Arbitraries.of(TrunkChannel.class),
            names().optional(),
            Arbitraries.of(TrunkDirection.class).optional(),
            sips(),
            settings())
        .as((channel, name, direction, sip, settings) ->
            Trunk.register(
                DomainFixtures.TRUNK_ID,
                DomainFixtures.ORG,
                DomainFixtures.NUMBER_ID,
                US_NUMBER,
                channel,
                name,
                direction,
                sip,
                settings,
                T0));
  }

  @Provide
  Arbitrary<TrunkPatch> trunkPatches() {
    return Combinators.combine(
            patchOf(names()),
            patchOf(Arbitraries.of(TrunkDirection.class)),
            sipPatches(),
            patchOf(settings()))
        .as(TrunkPatch::new);
  }

  @Provide
  Arbitrary<SipSettings> sips() {
    return Combinators.combine(
            hosts().optional(),
            ports().optional(),
            secrets().optional(),
            secrets().optional(),
            hosts().optional())
        .as(SipSettings::new);
  }

  @Provide
  Arbitrary<SipPatch> sipPatches() {
    return Combinators.combine(
            patchOf(hosts()),
            patchOf(ports()),
            patchOf(secrets()),
            patchOf(secrets()),
            patchOf(hosts()))
        .as(SipPatch::new);
  }

  private static Arbitrary<SipHost> hosts() {
    return Arbitraries.of("a.example.com", "b.example.com", "192.0.2.1").map(SipHost::new);
  }

  private static Arbitrary<SipPort> ports() {
    return Arbitraries.of(5060, 5061).map(SipPort::new);
  }

  private static Arbitrary<SealedSecret> secrets() {
    return Arbitraries.of("c1", "c2")
        .map(c -> new SealedSecret("k1", c.getBytes(StandardCharsets.UTF_8)));
  }

  private static Arbitrary<TrunkName> names() {
    return Arbitraries.of("Main", "Backup", "call_trunk_12084439178").map(TrunkName::new);
  }

  private static Arbitrary<AdditionalSettings> settings() {
    return Arbitraries.of("{}", "{\"a\":1}", "{\"b\":2}").map(AdditionalSettings::new);
  }

  private static <T> Arbitrary<Patch<T>> patchOf(Arbitrary<T> values) {
    return Arbitraries.oneOf(
        Arbitraries.just(Patch.<T>keep()),
        Arbitraries.just(Patch.<T>clear()),
        values.map(Patch::set));
  }
}
