package io.switchboard.application.port;

import io.switchboard.domain.trunk.SealedSecret;

/**
 * Seals credentials for storage (AES-GCM under a key with an id) and opens them for internal
 * callers that dial out. Opening a secret whose key is not configured is a
 * FailedPreconditionException ({@code SECRET_KEY_UNAVAILABLE}).
 */
public interface SecretCipher {
  SealedSecret seal(String plaintext);

  String open(SealedSecret sealed);

  /** The id of the key {@link #seal} uses. */
  String currentKeyId();

  /**
   * Whether a secret was sealed under another key and should be sealed again with the current one.
   */
  default boolean needsResealing(SealedSecret sealed) {
    return !currentKeyId().equals(sealed.keyId());
  }
}
