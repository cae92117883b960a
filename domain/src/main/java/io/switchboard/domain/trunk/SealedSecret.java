package io.switchboard.domain.trunk;

import java.util.Arrays;
import java.util.Objects;

/**
 * A credential encrypted under the key {@code keyId} (so keys can rotate). The plaintext never
 * lives in the domain: it is sealed as soon as it arrives and opened only for internal callers that
 * dial out.
 */
public record SealedSecret(String keyId, byte[] ciphertext) {
  public SealedSecret {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(ciphertext, "ciphertext");
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedSecret other
        && keyId.equals(other.keyId)
        && Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * keyId.hashCode() + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedSecret[keyId=" + keyId + "]";
  }
}
