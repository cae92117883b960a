package io.switchboard.rest.voiceos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.rest.JsonBodies;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The VoiceOS phone number resource, bare (no envelope), field for field as documented (seed 003).
 *
 * <p>{@code telephony} describes the carrier side. Switchboard holds no carrier credentials, so
 * {@code phone_number_sid} and {@code account_sid} carry our own number and organization ids and
 * {@code auth_token} is always the fixed mask {@link #MASKED_AUTH_TOKEN}: never a usable secret.
 */
final class VoiceOsJson {
  static final String PROVIDER = "twilio";
  static final String MASKED_AUTH_TOKEN = "********************************";

  private VoiceOsJson() {}

  static String uri(PhoneNumber number) {
    return "/phone_numbers/" + number.number().value();
  }

  static ObjectNode phoneNumber(PhoneNumberView view) {
    PhoneNumber n = view.number();
    ObjectNode out = JsonBodies.object();
    out.put("uri", uri(n));
    // the agent that takes the number's calls: its call binding, as every other door shows it
    BoundAgent callAgent = view.bindings().get(BindingChannel.CALL);
    out.put("inbound_agent_id", callAgent == null ? null : callAgent.agentId().value());
    out.put("phone_number", n.number().value());
    out.put("account_id", n.organizationId().toString());
    out.put("created_at", timestamp(n.createdAt()));
    out.put("updated_at", timestamp(n.updatedAt()));
    ObjectNode telephony = out.putObject("telephony");
    telephony.put("provider", PROVIDER);
    telephony.put("phone_number_sid", n.id().toString());
    telephony.put("account_sid", n.organizationId().toString());
    telephony.put("auth_token", MASKED_AUTH_TOKEN);
    webhooks(out.putArray("webhooks"), n.routing().webhooks());
    out.put("id", n.id().toString());
    return out;
  }

  private static void webhooks(ArrayNode out, List<Webhook> webhooks) {
    for (Webhook w : webhooks) {
      ObjectNode node = out.addObject();
      ArrayNode events = node.putArray("events");
      w.events().stream().map(WebhookEvent::wireName).forEach(events::add);
      node.put("url", w.url().value());
      node.put("method", w.method().name());
      ObjectNode headers = node.putObject("headers");
      w.headers().forEach(headers::put);
      node.put("filter", w.filter().orElse(null));
    }
  }

  /** {@code 2023-11-07T05:31:56Z}: the documented form, to the second. */
  static String timestamp(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code GET /phone_numbers}: the VoiceOS SDK's {@code PhoneNumberPagination} shape. */
  static ObjectNode page(List<PhoneNumberView> items, int index, boolean hasNext) {
    ObjectNode out = JsonBodies.object();
    ArrayNode array = out.putArray("items");
    items.forEach(v -> array.add(phoneNumber(v)));
    out.put("index", index);
    out.put("has_next", hasNext);
    return out;
  }
}
