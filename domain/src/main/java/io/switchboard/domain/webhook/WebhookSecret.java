package io.switchboard.domain.webhook;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A Standard Webhooks signing secret: {@code whsec_} and the base64 of 32 random bytes. The
 * plaintext exists only while it is generated and shown once, and while a delivery is signed; it is
 * stored sealed. {@link #toString()} never shows it.
 */
public final class WebhookSecret {
  public static final String PREFIX = "whsec_";
  public static final int KEY_BYTES = 32;

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key.clone();
  }

  public static WebhookSecret generate(RandomGenerator secureRandom) {
    byte[] key = new byte[KEY_BYTES];
    secureRandom.nextBytes(key);
    return new WebhookSecret(key);
  }

  /** A secret as {@link #value()} wrote it. */
  public static WebhookSecret parse(String value) {
    Objects.requireNonNull(value, "value");
    if (!value.startsWith(PREFIX)) {
      throw InvalidArgumentException.of("", "must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be " + PREFIX + " and base64");
    }
    if (key.length != KEY_BYTES) {
      throw InvalidArgumentException.of("", "must carry " + KEY_BYTES + " bytes");
    }
    return new WebhookSecret(key);
  }

  /** The HMAC key: the base64-decoded part after {@code whsec_}. */
  public byte[] key() {
    return key.clone();
  }

  /** The secret as the endpoint's owner sees it once: {@code whsec_...}. */
  public String value() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
