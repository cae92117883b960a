package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import com.google.protobuf.Duration;
import io.switchboard.application.webhook.CreateWebhookEndpointUseCase;
import io.switchboard.application.webhook.WebhookEndpointView;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDeliveryStatus;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEndpointPatch;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookStatus;
import io.switchboard.proto.v1.UpdateWebhookEndpointRequest;
import io.switchboard.proto.v1.WebhookEndpointStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** switchboard.v1 webhook messages to and from the webhook use cases. */
final class WebhookProtoMapper {
  static final List<String> UPDATABLE = List.of("url", "event_types", "description", "enabled");

  private WebhookProtoMapper() {}

  static WebhookEndpointId endpointId(String id, String field) {
    if (id.isEmpty()) {
      throw CommonProtoMapper.required(field);
    }
    return at(field, () -> WebhookEndpointId.parse(id));
  }

  static String deliveryId(String id, String field) {
    if (id.isEmpty()) {
      throw CommonProtoMapper.required(field);
    }
    if (id.length() > 64) {
      throw io.switchboard.domain.error.InvalidArgumentException.of(field, "is not a delivery id");
    }
    return id;
  }

  static CreateWebhookEndpointUseCase.Command createCommand(
      io.switchboard.proto.v1.WebhookEndpoint e) {
    var violations = new Violations();
    HttpsUrl url = url(e.getUrl(), violations);
    Set<WebhookEventType> types = eventTypes(e.getEventTypesList(), violations);
    WebhookDescription description =
        violations.parse(
            "webhook_endpoint.description", () -> new WebhookDescription(e.getDescription()));
    violations.throwIfAny();
    return new CreateWebhookEndpointUseCase.Command(url, types, description, e.getEnabled());
  }

  static WebhookEndpointPatch patch(UpdateWebhookEndpointRequest request) {
    var violations = new Violations();
    var e = request.getWebhookEndpoint();
    Set<String> paths = UpdateMasks.leaves(request.getUpdateMask(), UPDATABLE, violations);
    Patch<HttpsUrl> url = Patch.keep();
    Patch<Set<WebhookEventType>> types = Patch.keep();
    Patch<WebhookDescription> description = Patch.keep();
    Patch<Boolean> enabled = Patch.keep();
    if (paths.contains("url")) {
      HttpsUrl parsed = url(e.getUrl(), violations);
      url = parsed == null ? Patch.keep() : Patch.set(parsed);
    }
    if (paths.contains("event_types")) {
      Set<WebhookEventType> parsed = eventTypes(e.getEventTypesList(), violations);
      types = parsed == null ? Patch.keep() : Patch.set(parsed);
    }
    if (paths.contains("description")) {
      WebhookDescription parsed =
          violations.parse(
              "webhook_endpoint.description", () -> new WebhookDescription(e.getDescription()));
      description = parsed == null || parsed.value().isEmpty() ? Patch.clear() : Patch.set(parsed);
    }
    if (paths.contains("enabled")) {
      enabled = Patch.set(e.getEnabled());
    }
    violations.throwIfAny();
    return new WebhookEndpointPatch(url, types, description, enabled);
  }

  private static HttpsUrl url(String url, Violations violations) {
    if (url.isEmpty()) {
      violations.add("webhook_endpoint.url", "is required");
      return null;
    }
    return violations.parse("webhook_endpoint.url", () -> new HttpsUrl(url));
  }

  private static Set<WebhookEventType> eventTypes(List<String> names, Violations violations) {
    if (names.isEmpty()) {
      violations.add("webhook_endpoint.event_types", "must name at least one event type");
      return null;
    }
    var types = new LinkedHashSet<WebhookEventType>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      WebhookEventType type =
          violations.parse(
              "webhook_endpoint.event_types[" + i + "]", () -> WebhookEventType.parse(name));
      if (type != null) {
        types.add(type);
      }
    }
    return types.isEmpty() ? null : types;
  }

  static io.switchboard.proto.v1.WebhookEndpoint toProto(WebhookEndpointView v) {
    var b =
        io.switchboard.proto.v1.WebhookEndpoint.newBuilder()
            .setId(v.id().toString())
            .setUrl(v.url().value())
            .addAllEventTypes(v.eventTypes().stream().map(WebhookEventType::wireName).toList())
            .setDescription(v.description().value())
            .setEnabled(v.enabled())
            .setStatus(status(v.status()))
            .setCreateTime(timestamp(v.createdAt()))
            .setUpdateTime(timestamp(v.updatedAt()));
    v.previousSecretUntil().ifPresent(t -> b.setPreviousSecretExpireTime(timestamp(t)));
    return b.build();
  }

  static io.switchboard.proto.v1.WebhookDelivery toProto(WebhookDelivery d) {
    var b =
        io.switchboard.proto.v1.WebhookDelivery.newBuilder()
            .setId(d.id())
            .setEndpointId(d.endpointId().toString())
            .setRevision(d.revision())
            .setEventType(d.eventType().wireName())
            .setResource(d.resourceKey())
            .setStatus(status(d.status()))
            .setAttempts(d.attempts())
            .setLastStatusCode(d.lastStatusCode().orElse(0))
            .setLastError(d.lastError().orElse(""))
            .setCreateTime(timestamp(d.createdAt()))
            .setBody(d.body());
    d.nextAttemptAt().ifPresent(t -> b.setNextAttemptTime(timestamp(t)));
    d.lastAttemptAt().ifPresent(t -> b.setLastAttemptTime(timestamp(t)));
    d.lastLatency()
        .ifPresent(l ->
            b.setLastLatency(
                Duration.newBuilder().setSeconds(l.getSeconds()).setNanos(l.getNano()).build()));
    return b.build();
  }

  private static WebhookEndpointStatus status(WebhookStatus s) {
    return switch (s) {
      case ACTIVE -> WebhookEndpointStatus.WEBHOOK_ENDPOINT_STATUS_ACTIVE;
      case FAILING -> WebhookEndpointStatus.WEBHOOK_ENDPOINT_STATUS_FAILING;
      case DISABLED -> WebhookEndpointStatus.WEBHOOK_ENDPOINT_STATUS_DISABLED;
    };
  }

  private static io.switchboard.proto.v1.WebhookDeliveryStatus status(WebhookDeliveryStatus s) {
    return switch (s) {
      case PENDING -> io.switchboard.proto.v1.WebhookDeliveryStatus.WEBHOOK_DELIVERY_STATUS_PENDING;
      case SUCCEEDED ->
          io.switchboard.proto.v1.WebhookDeliveryStatus.WEBHOOK_DELIVERY_STATUS_SUCCEEDED;
      case FAILED -> io.switchboard.proto.v1.WebhookDeliveryStatus.WEBHOOK_DELIVERY_STATUS_FAILED;
    };
  }
}
