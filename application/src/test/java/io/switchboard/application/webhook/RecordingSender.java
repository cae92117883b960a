package io.switchboard.application.webhook;

import io.switchboard.application.port.WebhookSender;
import io.switchboard.domain.routing.HttpsUrl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A receiver in memory: records every request and answers as the test says. */
final class RecordingSender implements WebhookSender {
  record Request(HttpsUrl url, Map<String, String> headers, String body) {
    String id() {
      return headers.get(WebhookSigner.ID);
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  volatile Function<Request, Response> answer = r -> new Answered(204, Duration.ofMillis(7));

  @Override
  public Response post(HttpsUrl url, Map<String, String> headers, byte[] body) {
    Request request =
        new Request(url, Map.copyOf(headers), new String(body, StandardCharsets.UTF_8));
    requests.add(request);
    return answer.apply(request);
  }
}
