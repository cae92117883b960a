package io.switchboard.persistence.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.trunk.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmSecretCipherTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  @Test
  void a_sealed_secret_opens_to_the_same_text_and_never_contains_it() {
    var cipher = new AesGcmSecretCipher("k1", newKey());

    SealedSecret sealed = cipher.seal("s3cr3t-p@ssw0rd");

    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("s3cr3t");
    assertThat(cipher.open(sealed)).isEqualTo("s3cr3t-p@ssw0rd");
  }

  @Test
  void sealing_the_same_text_twice_gives_different_ciphertexts() {
    var cipher = new AesGcmSecretCipher("k1", newKey());

    assertThat(cipher.seal("same").ciphertext()).isNotEqualTo(cipher.seal("same").ciphertext());
  }

  @Test
  void a_flipped_bit_anywhere_is_detected() {
    var cipher = new AesGcmSecretCipher("k1", newKey());
    byte[] bytes = cipher.seal("password").ciphertext();

    for (int i = 0; i < bytes.length; i++) {
      byte[] tampered = bytes.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> cipher.open(new SealedSecret("k1", tampered)))
          .isInstanceOf(FailedPreconditionException.class)
          .hasMessageNotContaining("password");
    }
  }

  @Test
  void a_ciphertext_relabelled_with_another_key_id_does_not_open() {
    byte[] key = newKey();
    var cipher = new AesGcmSecretCipher("k2", key, Map.of("k1", key));
    SealedSecret sealed = cipher.seal("password");

    assertThatThrownBy(() -> cipher.open(new SealedSecret("k1", sealed.ciphertext())))
        .isInstanceOf(FailedPreconditionException.class);
  }

  @Test
  void after_rotation_old_secrets_still_open_and_new_ones_use_the_new_key() {
    byte[] oldKey = newKey();
    SealedSecret sealedBefore = new AesGcmSecretCipher("2025-01", oldKey).seal("old password");

    var rotated = new AesGcmSecretCipher("2026-01", newKey(), Map.of("2025-01", oldKey));

    assertThat(rotated.open(sealedBefore)).isEqualTo("old password");
    assertThat(rotated.needsResealing(sealedBefore)).isTrue();
    SealedSecret sealedAfter = rotated.seal("new password");
    assertThat(sealedAfter.keyId()).isEqualTo("2026-01");
    assertThat(rotated.needsResealing(sealedAfter)).isFalse();
    assertThat(rotated.open(sealedAfter)).isEqualTo("new password");
  }

  @Test
  void a_secret_of_an_unknown_key_is_refused() {
    SealedSecret sealed = new AesGcmSecretCipher("retired", newKey()).seal("password");

    // FAILED_PRECONDITION / 409 naming the key, never INTERNAL: the operator adds the key as
    // previous
    assertThatThrownBy(() -> new AesGcmSecretCipher("current", newKey()).open(sealed))
        .isInstanceOfSatisfying(
            FailedPreconditionException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("SECRET_KEY_UNAVAILABLE"))
        .hasMessageContaining("retired");
  }

  @Test
  void a_key_that_is_not_256_bits_is_refused() {
    assertThatThrownBy(() -> new AesGcmSecretCipher("k1", new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void its_description_names_key_ids_only() {
    byte[] key = newKey();
    var cipher = new AesGcmSecretCipher("k1", key);

    assertThat(cipher.toString())
        .contains("k1")
        .doesNotContain(java.util.HexFormat.of().formatHex(key));
  }
}
