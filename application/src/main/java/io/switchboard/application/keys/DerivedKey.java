package io.switchboard.application.keys;

import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under sub-keys derived for one purpose from every configured {@link ServerKeys} key.
 * {@link #sign} always uses the current key; {@link #verify} uses the key whose id the tag names,
 * so a tag made on a replica that already rotated still verifies here while that key is configured
 * as previous.
 */
public final class DerivedKey {
  /**
   * The reason code when a value names a key this replica does not have (FAILED_PRECONDITION /
   * 409).
   */
  private static final String HMAC = "HmacSHA256";

  private static final byte[] SALT = "switchboard derived key v1".getBytes(StandardCharsets.UTF_8);

  private final String purpose;
  private final String currentKeyId;
  private final Map<String, SecretKeySpec> subKeys;

  private DerivedKey(String purpose, String currentKeyId, Map<String, SecretKeySpec> subKeys) {
    this.purpose = purpose;
    this.currentKeyId = currentKeyId;
    this.subKeys = subKeys;
  }

  static DerivedKey of(ServerKeys keys, String purpose) {
    if (purpose == null || purpose.isBlank()) {
      throw new IllegalArgumentException("a derived key needs a purpose");
    }
    var subKeys = new LinkedHashMap<String, SecretKeySpec>();
    for (ServerKeys.Key key : keys.all()) {
      subKeys.put(
          key.id(),
          new SecretKeySpec(hkdf(key.material(), purpose.getBytes(StandardCharsets.UTF_8)), HMAC));
    }
    return new DerivedKey(purpose, keys.currentKeyId(), Map.copyOf(subKeys));
  }

  public String currentKeyId() {
    return currentKeyId;
  }

  /** The MAC of {@code data} under the current key, with that key's id. */
  public KeyedMac sign(byte[] data) {
    return new KeyedMac(currentKeyId, mac(subKeys.get(currentKeyId), data));
  }

  /**
   * Whether {@code tag} is the MAC of {@code data} under the key it names (constant-time
   * comparison).
   *
   * @throws FailedPreconditionException ({@code SECRET_KEY_UNAVAILABLE}) when that key is not
   *     configured here
   */
  public boolean verify(KeyedMac tag, byte[] data) {
    SecretKeySpec key = subKeys.get(tag.keyId());
    if (key == null) {
      throw unavailable(tag.keyId(), "this " + purpose);
    }
    return MessageDigest.isEqual(mac(key, data), tag.mac());
  }

  /** Whether the key {@code keyId} is configured here (the current or a previous one). */
  public boolean knows(String keyId) {
    return subKeys.containsKey(keyId);
  }

  /**
   * @param what names the value, e.g. "this SIP credential", "this page token"
   */
  public static FailedPreconditionException unavailable(String keyId, String what) {
    return new FailedPreconditionException(
        Reason.SECRET_KEY_UNAVAILABLE,
        what
            + " was sealed or signed under secret key '"
            + keyId
            + "', which is not configured on this replica (add it to SWITCHBOARD_SECRET_KEYS_PREVIOUS)",
        Map.of("key_id", keyId));
  }

  private static byte[] mac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** RFC 5869 with one output block: 32 bytes. */
  private static byte[] hkdf(byte[] inputKey, byte[] info) {
    byte[] pseudoRandomKey = mac(new SecretKeySpec(SALT, HMAC), inputKey);
    byte[] block = new byte[info.length + 1];
    System.arraycopy(info, 0, block, 0, info.length);
    block[info.length] = 1;
    return mac(new SecretKeySpec(pseudoRandomKey, HMAC), block);
  }

  @Override
  public String toString() {
    return "DerivedKey[purpose="
        + purpose
        + ", current="
        + currentKeyId
        + ", keys="
        + subKeys.keySet()
        + "]";
  }
}
