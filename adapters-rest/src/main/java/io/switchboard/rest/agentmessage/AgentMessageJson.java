package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.Routing;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.PolicyJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AgentMessage envelope ({@code {success, data, meta}} / {@code {success: false, error}}) and
 * its phone number resource (seed 004).
 *
 * <p>Field notes: {@code number_type} follows {@link AgentMessageNumberTypes}; {@code
 * carrier_line_option_status} is the number's lifecycle status ({@code active}, {@code pending},
 * {@code inactive}) since Switchboard provisions no separate carrier line options, and {@code
 * carrier_line_option_propagated_at} is therefore always null; {@code sms_enabled} is the SMS
 * channel's state and {@code mms_enabled} the MMS capability while SMS is on.
 */
final class AgentMessageJson {
  private AgentMessageJson() {}

  static ObjectNode phoneNumber(PhoneNumberView view) {
    PhoneNumber n = view.number();
    Routing routing = n.routing();
    ObjectNode out = JsonBodies.object();
    out.put("id", n.id().toString());
    out.put("number", n.number().value());
    out.put("number_type", AgentMessageNumberTypes.wireNameOf(n.type()));
    out.put("inbound_url", routing.inboundUrl().map(Object::toString).orElse(null));
    out.put("status_url", routing.statusUrl().map(Object::toString).orElse(null));
    out.put("label", routing.label().map(Object::toString).orElse(null));
    out.put("campaign_id", routing.campaignId().map(Object::toString).orElse(null));
    out.put("carrier_line_option_status", lineOptionStatus(n.status()));
    out.putNull("carrier_line_option_propagated_at");
    boolean sms = n.channelSettings().sms().enabled();
    out.put("sms_enabled", sms);
    out.put("mms_enabled", sms && n.capabilities().mms());
    out.put("created_at", timestamp(n.createdAt()));
    out.put("updated_at", timestamp(n.updatedAt()));
    PolicyJson.write(out, routing.policies());
    return out;
  }

  private static String lineOptionStatus(NumberStatus status) {
    return switch (status) {
      case ACTIVE -> "active";
      case PENDING -> "pending";
      case INACTIVE -> "inactive";
      case RELEASED -> "released";
    };
  }

  static ObjectNode availableNumber(AvailableNumber offer) {
    ObjectNode out = JsonBodies.object();
    out.put("number", offer.number().value());
    out.put("number_type", AgentMessageNumberTypes.wireNameOf(offer.type()));
    return out;
  }

  /** {@code 2019-08-24T14:15:22Z}: the documented form, to the second. */
  static String timestamp(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static ObjectNode success(JsonNode data) {
    ObjectNode out = JsonBodies.object();
    out.put("success", true);
    out.set("data", data);
    return out;
  }

  static ObjectNode list(
      List<ObjectNode> items, int limit, Optional<String> nextCursor, Optional<Long> total) {
    ArrayNode data = JsonBodies.array();
    items.forEach(data::add);
    ObjectNode out = success(data);
    ObjectNode meta = out.putObject("meta");
    total.ifPresent(t -> meta.put("total", t));
    meta.put("limit", limit);
    meta.put("offset", 0);
    meta.put("next_cursor", nextCursor.orElse(null));
    return out;
  }

  /**
   * {@code {success: false, error: {code, message, request_id, details?}}}; {@code details} is the
   * per-field map of validation-class errors and absent otherwise.
   */
  static ObjectNode error(
      String code, String message, String requestId, Map<String, String> details) {
    ObjectNode out = JsonBodies.object();
    out.put("success", false);
    ObjectNode error = out.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("request_id", requestId);
    if (!details.isEmpty()) {
      ObjectNode map = error.putObject("details");
      details.forEach(map::put);
    }
    return out;
  }
}
