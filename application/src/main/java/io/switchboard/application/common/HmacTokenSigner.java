package io.switchboard.application.common;

import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.port.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link TokenSigner} with HMAC-SHA256 (truncated to 128 bits): {@code base64url(payload) ~ keyId ~
 * base64url(mac)}, the MAC taken over the key id and the payload. The signing keys are derived from
 * the service's secret keys ({@link #derivedFrom}), never the secret keys themselves, so a token
 * says nothing about the key that seals credentials.
 */
public final class HmacTokenSigner implements TokenSigner {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 16;
  private static final int MAX_TOKEN_LENGTH = 4096;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final byte[] DERIVATION_LABEL =
      "switchboard/v1/signed-tokens".getBytes(StandardCharsets.UTF_8);

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;

  /**
   * @param currentKeyId the key new tokens are signed with
   * @param keysById every key a token may have been signed with (the current one included), by id
   */
  public HmacTokenSigner(String currentKeyId, Map<String, byte[]> keysById) {
    if (!keysById.containsKey(currentKeyId)) {
      throw new IllegalArgumentException(
          "the current key " + currentKeyId + " is not among the keys");
    }
    Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
    keysById.forEach((id, key) -> {
      if (!KEY_ID.matcher(id).matches() || key.length < 32) {
        throw new IllegalArgumentException(
            "a token key needs an id of [A-Za-z0-9._-] and 32 bytes");
      }
      specs.put(id, new SecretKeySpec(key.clone(), ALGORITHM));
    });
    this.currentKeyId = currentKeyId;
    this.keys = Map.copyOf(specs);
  }

  /**
   * Signs under a key derived from the service's secret key {@code keyId} (HMAC of a fixed label
   * under it).
   */
  public static HmacTokenSigner derivedFrom(String keyId, byte[] secretKey) {
    return new HmacTokenSigner(keyId, Map.of(keyId, derive(secretKey)));
  }

  /**
   * Signs under a key derived from the current secret key and verifies under keys derived from
   * every configured one (current and previous), so replicas mid-rotation accept each other's
   * tokens.
   */
  public static HmacTokenSigner of(ServerKeys keys) {
    Map<String, byte[]> derived = new LinkedHashMap<>();
    for (ServerKeys.Key key : keys.all()) {
      derived.put(key.id(), derive(key.material()));
    }
    return new HmacTokenSigner(keys.currentKeyId(), derived);
  }

  /**
   * A key of its own, for one process (tests, tools): its tokens mean nothing to any other process.
   */
  public static HmacTokenSigner random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new HmacTokenSigner("local", Map.of("local", key));
  }

  /** The token-signing key derived from a secret key. */
  public static byte[] derive(byte[] secretKey) {
    return mac(new SecretKeySpec(secretKey, ALGORITHM), DERIVATION_LABEL);
  }

  @Override
  public String sign(byte[] payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    byte[] tag = tag(keys.get(currentKeyId), currentKeyId, payload);
    return b64.encodeToString(payload) + "~" + currentKeyId + "~" + b64.encodeToString(tag);
  }

  @Override
  public Optional<byte[]> verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    String[] parts = token.split("~", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    SecretKeySpec key = keys.get(parts[1]);
    if (key == null) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
      byte[] presented = Base64.getUrlDecoder().decode(parts[2]);
      return MessageDigest.isEqual(presented, tag(key, parts[1], payload))
          ? Optional.of(payload)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] tag(SecretKeySpec key, String keyId, byte[] payload) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[1 + id.length + payload.length];
    message[0] = (byte) id.length;
    System.arraycopy(id, 0, message, 1, id.length);
    System.arraycopy(payload, 0, message, 1 + id.length, payload.length);
    return Arrays.copyOf(mac(key, message), MAC_BYTES);
  }

  private static byte[] mac(SecretKeySpec key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
