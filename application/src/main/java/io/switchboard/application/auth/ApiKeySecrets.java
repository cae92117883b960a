package io.switchboard.application.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes and hashes API key secrets. Secrets carry 256 random bits, so a plain SHA-256 is a safe one-way hash for
 * them (no password stretching needed) and lets a key be found by its hash in one indexed lookup.
 */
public final class ApiKeySecrets {
  public static final String PREFIX = "sb_live_";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Looking SHA-256 up among the providers costs several times the digest itself: every call would pay it. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ApiKeySecrets::sha256);

  private ApiKeySecrets() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String secret) {
    return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** What listings show of a key: enough to tell keys apart, never enough to use one. */
  public static String displayPrefix(String secret) {
    return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 4));
  }
}
