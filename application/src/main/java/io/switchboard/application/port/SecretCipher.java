package io.switchboard.application.port;

import io.switchboard.domain.trunk.SealedSecret;

/** Seals credentials for storage (AES-GCM under a key with an id) and opens them for internal callers that dial out. */
public interface SecretCipher {
  SealedSecret seal(String plaintext);

  String open(SealedSecret sealed);
}
