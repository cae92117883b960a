package io.switchboard.application.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes and hashes API key secrets. Secrets carry 256 random bits, so a plain SHA-256 is a safe
 * one-way hash for them (no password stretching needed) and lets a key be found by its hash in one
 * indexed lookup.
 */
public final class ApiKeySecrets {
  public static final String PREFIX = "sb_live_";

  /** 32 random bytes in unpadded base64url. */
  public static final int SECRET_CHARACTERS = 43;

  public static final int LENGTH = PREFIX.length() + SECRET_CHARACTERS;

  /** How to make a key by hand, for messages that refuse one. */
  public static final String FORMAT =
      PREFIX
          + " followed by "
          + SECRET_CHARACTERS
          + " base64url characters (32 random bytes), e.g. from: echo sb_live_$(openssl rand 32 | basenc --base64url | tr -d =)";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Looking SHA-256 up among the providers costs several times the digest itself: every call would
   * pay it.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(ApiKeySecrets::sha256);

  private ApiKeySecrets() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Whether a presented token has the shape of the keys this service makes: anything else cannot be
   * a key, so it is refused without a database lookup. The last character must be a canonical one
   * (32 bytes leave 2 bits unused).
   */
  public static boolean isWellFormed(String token) {
    if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      char c = token.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return false;
      }
    }
    // the final character carries the last 4 bits of the key and 2 zero bits: only every fourth
    // letter of the alphabet
    int last =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .indexOf(token.charAt(LENGTH - 1));
    return (last & 0b11) == 0;
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

  /**
   * What listings show of a key: enough to tell keys apart, never enough to use one (4 of 43
   * characters; a secret shorter than that is never shown, whatever it is).
   */
  public static String displayPrefix(String secret) {
    return secret.length() < LENGTH ? PREFIX + "…" : secret.substring(0, PREFIX.length() + 4);
  }
}
