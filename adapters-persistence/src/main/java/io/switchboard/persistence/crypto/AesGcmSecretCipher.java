package io.switchboard.persistence.crypto;

import io.switchboard.application.keys.DerivedKey;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.trunk.SealedSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under a current key, with older keys kept by id so that secrets sealed before a
 * rotation still open. A sealed secret is {@code nonce (12 bytes) || ciphertext || tag (16 bytes)};
 * the key id is authenticated as associated data, so relabelling a ciphertext with another key id
 * is detected. Never logs or echoes plaintext.
 */
public final class AesGcmSecretCipher implements SecretCipher {
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final String currentKeyId;
  private final Map<String, SecretKey> keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmSecretCipher(String keyId, byte[] key) {
    this(keyId, key, Map.of());
  }

  /** {@code olderKeys}: key id → 32-byte key, for opening what earlier keys sealed. */
  public AesGcmSecretCipher(String keyId, byte[] key, Map<String, byte[]> olderKeys) {
    this.currentKeyId = requireKeyId(keyId);
    var all = new HashMap<String, SecretKey>();
    olderKeys.forEach((id, bytes) -> all.put(requireKeyId(id), aesKey(id, bytes)));
    all.put(keyId, aesKey(keyId, key));
    this.keys = Map.copyOf(all);
  }

  /**
   * Seals under the current key; opens under any configured one. The keys are used as they are, not
   * derived.
   */
  public static AesGcmSecretCipher of(ServerKeys keys) {
    var previous = new HashMap<String, byte[]>();
    keys.all().forEach(k -> previous.put(k.id(), k.material()));
    return new AesGcmSecretCipher(keys.currentKeyId(), keys.current().material(), previous);
  }

  @Override
  public String currentKeyId() {
    return currentKeyId;
  }

  @Override
  public SealedSecret seal(String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), currentKeyId, nonce);
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return new SealedSecret(
          currentKeyId,
          ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public String open(SealedSecret sealed) {
    SecretKey key = keys.get(sealed.keyId());
    if (key == null) {
      // a configuration problem the operator can fix (add the key as previous), not an internal
      // error
      throw DerivedKey.unavailable(sealed.keyId(), "this SIP credential");
    }
    byte[] bytes = sealed.ciphertext();
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalStateException("sealed secret is truncated");
    }
    try {
      Cipher cipher =
          cipher(
              Cipher.DECRYPT_MODE,
              key,
              sealed.keyId(),
              java.util.Arrays.copyOf(bytes, NONCE_BYTES));
      return new String(
          cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      // the key with this id is not the one that sealed it: the id was given another key, or the
      // row was tampered with
      throw new FailedPreconditionException(
          Reason.SECRET_KEY_UNAVAILABLE,
          "this SIP credential does not open under "
              + "the configured secret key '"
              + sealed.keyId()
              + "' (that id was given another key, or the stored value was "
              + "altered)",
          Map.of("key_id", sealed.keyId()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, String keyId, byte[] nonce)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static SecretKey aesKey(String keyId, byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "key " + keyId + " must be " + KEY_BYTES + " bytes (AES-256)");
    }
    return new SecretKeySpec(key.clone(), "AES");
  }

  private static String requireKeyId(String keyId) {
    if (keyId == null || !keyId.matches("[A-Za-z0-9._:\\-]{1,64}")) {
      throw new IllegalArgumentException("a key id is 1..64 characters of [A-Za-z0-9._:-]");
    }
    return keyId;
  }

  @Override
  public String toString() {
    return "AesGcmSecretCipher[currentKeyId=" + currentKeyId + ", keys=" + keys.keySet() + "]";
  }
}
