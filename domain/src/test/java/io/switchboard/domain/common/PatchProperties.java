package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PatchProperties {

  @Property
  void applying_keep_is_the_identity(
      @ForAll("optionals") Optional<String> current, @ForAll String value, @ForAll String cleared) {
    assertThat(Patch.<String>keep().applyTo(current)).isEqualTo(current);
    assertThat(Patch.<String>keep().applyTo(value, cleared)).isSameAs(value);
  }

  @Property
  void set_then_apply_yields_the_value(
      @ForAll("optionals") Optional<String> current,
      @ForAll String value,
      @ForAll String previous,
      @ForAll String cleared) {
    assertThat(Patch.set(value).applyTo(current)).contains(value);
    assertThat(Patch.set(value).applyTo(previous, cleared)).isSameAs(value);
  }

  @Property
  void clear_yields_empty_or_the_cleared_default(
      @ForAll("optionals") Optional<String> current,
      @ForAll String previous,
      @ForAll String cleared) {
    assertThat(Patch.<String>clear().applyTo(current)).isEmpty();
    assertThat(Patch.<String>clear().applyTo(previous, cleared)).isSameAs(cleared);
  }

  @Property
  void applying_a_patch_twice_is_the_same_as_applying_it_once(
      @ForAll("patches") Patch<String> patch, @ForAll("optionals") Optional<String> current) {
    assertThat(patch.applyTo(patch.applyTo(current))).isEqualTo(patch.applyTo(current));
  }

  @Property
  void map_commutes_with_apply(
      @ForAll("patches") Patch<String> patch, @ForAll("optionals") Optional<String> current) {
    assertThat(patch.map(String::length).applyTo(current.map(String::length)))
        .isEqualTo(patch.applyTo(current).map(String::length));
  }

  @Provide
  Arbitrary<Optional<String>> optionals() {
    return Arbitraries.strings().ofMaxLength(20).optional();
  }

  @Provide
  Arbitrary<Patch<String>> patches() {
    return Arbitraries.oneOf(
        Arbitraries.just(Patch.<String>keep()),
        Arbitraries.just(Patch.<String>clear()),
        Arbitraries.strings().ofMaxLength(20).map(Patch::set));
  }
}
