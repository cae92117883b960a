package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatchTest {

  @Test
  void keep_leaves_an_optional_as_it_is() {
    assertThat(Patch.<String>keep().applyTo(Optional.of("a"))).contains("a");
    assertThat(Patch.<String>keep().applyTo(Optional.empty())).isEmpty();
  }

  @Test
  void set_replaces_an_optional() {
    assertThat(Patch.set("b").applyTo(Optional.of("a"))).contains("b");
    assertThat(Patch.set("b").applyTo(Optional.empty())).contains("b");
  }

  @Test
  void clear_empties_an_optional() {
    assertThat(Patch.<String>clear().applyTo(Optional.of("a"))).isEmpty();
  }

  @Test
  void on_a_value_with_a_default_keep_keeps_set_sets_and_clear_restores_the_default() {
    assertThat(Patch.<Integer>keep().applyTo(7, 0)).isEqualTo(7);
    assertThat(Patch.set(9).applyTo(7, 0)).isEqualTo(9);
    assertThat(Patch.<Integer>clear().applyTo(7, 0)).isEqualTo(0);
  }

  @Test
  void set_if_present_keeps_on_null_so_that_null_means_unchanged() {
    assertThat(Patch.setIfPresent(null).isKeep()).isTrue();
    assertThat(Patch.setIfPresent("x")).isEqualTo(Patch.set("x"));
  }

  @Test
  void set_refuses_null_because_clear_is_the_way_to_say_no_value() {
    assertThatThrownBy(() -> Patch.set(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void map_transforms_only_a_set_value_and_preserves_keep_and_clear() {
    assertThat(Patch.set("abc").map(String::length)).isEqualTo(Patch.set(3));
    assertThat(Patch.<String>keep().map(String::length).isKeep()).isTrue();
    assertThat(Patch.<String>clear().map(String::length)).isInstanceOf(Patch.Clear.class);
  }

  @Test
  void only_keep_is_keep() {
    assertThat(Patch.keep().isKeep()).isTrue();
    assertThat(Patch.clear().isKeep()).isFalse();
    assertThat(Patch.set(1).isKeep()).isFalse();
  }

  @Test
  void keep_and_clear_are_singletons_and_read_well_in_logs() {
    assertThat(Patch.<String>keep()).isSameAs(Patch.<Integer>keep()).hasToString("keep");
    assertThat(Patch.<String>clear()).isSameAs(Patch.<Integer>clear()).hasToString("clear");
  }
}
