package io.switchboard.application.webhook;

import io.switchboard.domain.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: {@code webhook-signature} is {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the secret's key, one such entry per signing secret, separated by
 * spaces (both secrets sign while a rolled-over one is still valid).
 */
public final class WebhookSigner {
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  private WebhookSigner() {}

  public static Map<String, String> headers(
      String messageId, Instant sentAt, String body, List<WebhookSecret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a message needs a secret to be signed with");
    }
    String timestamp = Long.toString(sentAt.getEpochSecond());
    byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    StringBuilder signature = new StringBuilder();
    for (WebhookSecret secret : secrets) {
      if (!signature.isEmpty()) {
        signature.append(' ');
      }
      signature.append("v1,").append(Base64.getEncoder().encodeToString(hmac(secret, content)));
    }
    var headers = new LinkedHashMap<String, String>();
    headers.put(ID, messageId);
    headers.put(TIMESTAMP, timestamp);
    headers.put(SIGNATURE, signature.toString());
    return headers;
  }

  private static byte[] hmac(WebhookSecret secret, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
