package io.switchboard.application.port;

import io.switchboard.domain.routing.HttpsUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Posts a signed webhook message to its endpoint over HTTPS. Never throws for what a receiver or
 * the network does: every attempt ends in an answer or a failure (timeout, refused or unreachable
 * target, TLS), with how long it took.
 */
public interface WebhookSender {
  Response post(HttpsUrl url, Map<String, String> headers, byte[] body);

  sealed interface Response {
    Duration latency();
  }

  /** The receiver answered with this HTTP status. */
  record Answered(int statusCode, Duration latency) implements Response {
    public Answered {
      Objects.requireNonNull(latency, "latency");
    }

    public boolean isSuccess() {
      return statusCode >= 200 && statusCode < 300;
    }
  }

  /** No answer: {@code reason} says why, for the delivery log (never a secret). */
  record Failed(String reason, Duration latency) implements Response {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(latency, "latency");
    }
  }
}
