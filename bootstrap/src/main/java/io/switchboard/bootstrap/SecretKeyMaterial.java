package io.switchboard.bootstrap;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The AES-256 key that encrypts SIP credentials at rest, with the id stored beside each ciphertext
 * so keys can be rotated. Written as {@code base64} or {@code keyId:base64}.
 */
public record SecretKeyMaterial(String keyId, byte[] key) {

  public static final String DEFAULT_KEY_ID = "default";
  public static final int KEY_BYTES = 32;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public SecretKeyMaterial {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(
          "the key id must be 1-64 letters, digits, '.', '_' or '-'");
    }
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the key must be "
              + KEY_BYTES
              + " bytes (base64 of 32 random bytes), was "
              + (key == null ? 0 : key.length)
              + " bytes");
    }
    key = key.clone();
  }

  /**
   * @throws IllegalArgumentException with a message that never contains the key
   */
  public static SecretKeyMaterial parse(String text) {
    String trimmed = text.strip();
    int colon = trimmed.indexOf(':');
    String keyId = colon < 0 ? DEFAULT_KEY_ID : trimmed.substring(0, colon);
    String encoded = colon < 0 ? trimmed : trimmed.substring(colon + 1);
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key is not valid base64");
    }
    return new SecretKeyMaterial(keyId, key);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  /** The {@code keyId:base64} form, for writing the key file. */
  String encode() {
    return keyId + ":" + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretKeyMaterial that
        && keyId.equals(that.keyId)
        && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return 31 * keyId.hashCode() + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "SecretKeyMaterial[keyId=" + keyId + ", key=<redacted>]";
  }
}
