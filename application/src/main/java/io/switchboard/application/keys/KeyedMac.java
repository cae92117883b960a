package io.switchboard.application.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A MAC and the id of the key that made it. Two encodings: bytes ({@code keyId 0x00 mac}) for
 * storage, text ({@code keyId.base64url(mac)}) for tokens.
 */
public record KeyedMac(String keyId, byte[] mac) {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public KeyedMac {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("malformed key id");
    }
    Objects.requireNonNull(mac, "mac");
    mac = mac.clone();
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  public byte[] toBytes() {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(id, id.length + 1 + mac.length);
    System.arraycopy(mac, 0, out, id.length + 1, mac.length);
    return out;
  }

  /**
   * Empty when {@code bytes} is not in the {@link #toBytes()} form (for example a plain hash stored
   * before keys).
   */
  public static Optional<KeyedMac> fromBytes(byte[] bytes) {
    for (int i = 0; i < bytes.length && i <= 64; i++) {
      if (bytes[i] == 0) {
        String id = new String(bytes, 0, i, StandardCharsets.US_ASCII);
        return KEY_ID.matcher(id).matches() && i + 1 < bytes.length
            ? Optional.of(new KeyedMac(id, Arrays.copyOfRange(bytes, i + 1, bytes.length)))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  public String toText() {
    return keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** Empty when {@code text} is not in the {@link #toText()} form. */
  public static Optional<KeyedMac> fromText(String text) {
    int dot = text.lastIndexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || !KEY_ID.matcher(text.substring(0, dot)).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new KeyedMac(
              text.substring(0, dot), Base64.getUrlDecoder().decode(text.substring(dot + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyedMac other
        && keyId.equals(other.keyId)
        && Arrays.equals(mac, other.mac);
  }

  @Override
  public int hashCode() {
    return 31 * keyId.hashCode() + Arrays.hashCode(mac);
  }

  @Override
  public String toString() {
    return "KeyedMac[keyId=" + keyId + "]";
  }
}
