package io.switchboard.application.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DATA =
      "create-trunk\0{\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);

  static ServerKeys.Key key(String id) {
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    return new ServerKeys.Key(id, material);
  }

  @Test
  void
      a_tag_made_before_a_rotation_verifies_after_it_while_the_old_key_is_configured_as_previous() {
    ServerKeys.Key old = key("k1");
    ServerKeys.Key fresh = key("k2");
    ServerKeys before = ServerKeys.of(old);
    ServerKeys midRotation = ServerKeys.of(old, List.of(fresh));
    ServerKeys after = ServerKeys.of(fresh, List.of(old));

    KeyedMac tag = before.derive("fingerprint").sign(DATA);
    assertThat(tag.keyId()).isEqualTo("k1");
    assertThat(midRotation.derive("fingerprint").verify(tag, DATA)).isTrue();
    assertThat(after.derive("fingerprint").verify(tag, DATA)).isTrue();
    // a replica already on the new key signs with it, and a replica not yet switched verifies that
    // too
    KeyedMac newer = after.derive("fingerprint").sign(DATA);
    assertThat(newer.keyId()).isEqualTo("k2");
    assertThat(midRotation.derive("fingerprint").verify(newer, DATA)).isTrue();
  }

  @Test
  void sub_keys_differ_per_purpose_and_from_a_plain_hash() {
    ServerKeys keys = ServerKeys.of(key("k1"));
    KeyedMac a = keys.derive("fingerprint").sign(DATA);
    KeyedMac b = keys.derive("page-token").sign(DATA);
    assertThat(a.mac()).hasSize(32).isNotEqualTo(b.mac());
    assertThat(keys.derive("page-token").verify(a, DATA)).isFalse();
    assertThat(keys.derive("fingerprint").verify(a, "other".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void a_tag_under_an_unknown_key_is_a_failed_precondition_naming_the_key() {
    KeyedMac foreign = ServerKeys.of(key("gone")).derive("fingerprint").sign(DATA);
    assertThatThrownBy(() -> ServerKeys.of(key("k1")).derive("fingerprint").verify(foreign, DATA))
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SECRET_KEY_UNAVAILABLE))
        .hasMessageContaining("'gone'");
  }

  @Test
  void encodings_round_trip_and_refuse_garbage() {
    KeyedMac tag = ServerKeys.of(key("local")).derive("x").sign(DATA);
    assertThat(KeyedMac.fromBytes(tag.toBytes())).contains(tag);
    assertThat(KeyedMac.fromText(tag.toText())).contains(tag);
    assertThat(KeyedMac.fromBytes(new byte[32])).isEmpty();
    assertThat(KeyedMac.fromText("no-dot")).isEmpty();
    assertThat(KeyedMac.fromText("k.%%%")).isEmpty();
  }

  @Test
  void the_same_id_with_two_different_keys_is_refused_and_never_printed() {
    assertThatThrownBy(() -> ServerKeys.of(key("k1"), List.of(key("k1"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(key("k1").toString()).doesNotContain("material=[");
  }
}
