package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.FieldViolation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdateMasksTest {

  static final List<String> UPDATABLE =
      List.of("name", "sip.gateway", "sip.port", "sip.password", "routing.label");

  final Violations violations = new Violations();

  Set<String> leaves(String... paths) {
    return UpdateMasks.leaves(
        FieldMask.newBuilder().addAllPaths(List.of(paths)).build(), UPDATABLE, violations);
  }

  @Test
  void a_leaf_path_selects_itself() {
    assertThat(leaves("sip.port")).containsExactly("sip.port");
    assertThat(violations.isEmpty()).isTrue();
  }

  @Test
  void a_message_path_selects_every_updatable_field_under_it_in_mask_order() {
    assertThat(leaves("routing.label", "sip"))
        .containsExactly("routing.label", "sip.gateway", "sip.port", "sip.password");
    assertThat(violations.isEmpty()).isTrue();
  }

  @Test
  void the_wildcard_selects_every_updatable_field_once() {
    assertThat(leaves("name", "*")).containsExactlyElementsOf(UPDATABLE);
    assertThat(violations.isEmpty()).isTrue();
  }

  @Test
  void a_path_must_match_whole_segments() {
    assertThat(leaves("si", "sip.port.number")).isEmpty();
    assertThat(violations.list())
        .extracting(FieldViolation::description)
        .containsExactly(
            "unknown or read-only field si", "unknown or read-only field sip.port.number");
  }

  @Test
  void an_empty_mask_is_refused() {
    assertThat(leaves()).isEmpty();
    assertThat(violations.list())
        .containsExactly(
            new FieldViolation("update_mask", "must name at least one field to change"));
  }

  @Test
  void each_unknown_or_read_only_path_is_refused_by_name_and_the_known_ones_still_count() {
    assertThat(leaves("id", "name", "etag")).containsExactly("name");
    assertThat(violations.list())
        .containsExactly(
            new FieldViolation("update_mask", "unknown or read-only field id"),
            new FieldViolation("update_mask", "unknown or read-only field etag"));
  }

  @Test
  void a_long_unknown_path_is_echoed_cut_to_64_characters() {
    leaves("x".repeat(10_000));
    assertThat(violations.list())
        .singleElement()
        .extracting(FieldViolation::description)
        .isEqualTo("unknown or read-only field " + "x".repeat(64) + "…");
  }
}
