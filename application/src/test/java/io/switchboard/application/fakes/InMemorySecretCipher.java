package io.switchboard.application.fakes;

import io.switchboard.application.port.SecretCipher;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.trunk.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seals by masking the bytes with a random nonce (not encryption: these tests need the plaintext
 * absent from what is stored, and each seal to differ). Opens only secrets sealed under a key it
 * knows, like the real cipher.
 */
public final class InMemorySecretCipher implements SecretCipher {
  private volatile String currentKeyId;
  private final Set<String> knownKeyIds;

  public InMemorySecretCipher(String currentKeyId, Set<String> previousKeyIds) {
    this.currentKeyId = currentKeyId;
    this.knownKeyIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    this.knownKeyIds.addAll(previousKeyIds);
    this.knownKeyIds.add(currentKeyId);
  }

  public InMemorySecretCipher() {
    this("test-key", Set.of());
  }

  /**
   * A key rotation: seals under {@code keyId} from now on and still opens what earlier keys sealed.
   */
  public void rotateTo(String keyId) {
    knownKeyIds.add(keyId);
    currentKeyId = keyId;
  }

  /** The operator dropped a key: what it sealed no longer opens. */
  public void forget(String keyId) {
    knownKeyIds.remove(keyId);
  }

  @Override
  public SealedSecret seal(String plaintext) {
    byte[] text = plaintext.getBytes(StandardCharsets.UTF_8);
    byte[] sealed = new byte[text.length + 1];
    sealed[0] = (byte) ThreadLocalRandom.current().nextInt(1, 256);
    for (int i = 0; i < text.length; i++) {
      sealed[i + 1] = (byte) (text[i] ^ sealed[0] ^ 0x5A);
    }
    return new SealedSecret(currentKeyId, sealed);
  }

  @Override
  public String open(SealedSecret sealed) {
    if (!knownKeyIds.contains(sealed.keyId())) {
      throw new FailedPreconditionException(
          Reason.SECRET_KEY_UNAVAILABLE, "the key that sealed this secret is not configured");
    }
    byte[] bytes = sealed.ciphertext();
    byte[] text = new byte[bytes.length - 1];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) (bytes[i + 1] ^ bytes[0] ^ 0x5A);
    }
    return new String(text, StandardCharsets.UTF_8);
  }

  @Override
  public String currentKeyId() {
    return currentKeyId;
  }
}
