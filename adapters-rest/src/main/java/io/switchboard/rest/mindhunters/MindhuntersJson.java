package io.switchboard.rest.mindhunters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.channel.InboundChannel;
import io.switchboard.domain.channel.OutboundChannel;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.PolicyJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Mindhunters resources as JSON, field for field as the seeds show them. Settings say {@code
 * voice}; bindings and snapshots say {@code call}. Enums are lower snake case, timestamps ISO-8601
 * UTC to the second. SIP credentials are never rendered (nothing here reads them).
 */
final class MindhuntersJson {
  private MindhuntersJson() {}

  /**
   * The phone number resource. {@code withSourceAndLocation} adds {@code location} and {@code
   * source}, as the buy and trunk-list pages show (the list, get and PATCH examples have neither).
   */
  static ObjectNode number(PhoneNumberView view, boolean withSourceAndLocation) {
    PhoneNumber n = view.number();
    ObjectNode node = JsonBodies.object();
    node.put("phone_number_uuid", n.id().toString());
    node.put("number", n.number().value());
    node.put("country_code", n.number().country().value());
    if (withSourceAndLocation) {
      node.put("location", n.location());
    }
    node.put("type", lower(n.type()));
    node.put("is_external", n.isExternal());
    if (withSourceAndLocation) {
      node.put("source", lower(n.source()));
    }
    node.put("status", lower(n.status()));
    ObjectNode compliance = node.putObject("compliance");
    compliance.put("status", lower(n.compliance().status()));
    ArrayNode requirements = compliance.putArray("requirements");
    for (ComplianceRequirement r : n.compliance().requirements()) {
      requirements
          .addObject()
          .put("name", r.name())
          .put("type", r.type())
          .put("description", r.description());
    }
    node.set("capabilities", capabilities(n.capabilities()));
    ObjectNode settings = node.putObject("channel_settings");
    settings.set("voice", outbound(n.channelSettings().voice()));
    settings.set("sms", outbound(n.channelSettings().sms()));
    ObjectNode inbound = inbound(n.channelSettings().inbound());
    PolicyJson.write(inbound, n.routing().policies());
    settings.set("inbound", inbound);
    ObjectNode billing = node.putObject("billing");
    billing.put("monthly_fee", n.monthlyFee().amount());
    billing.put("currency", n.monthlyFee().currency().getCurrencyCode());
    ObjectNode bindings = node.putObject("bindings");
    for (BindingChannel channel : BindingChannel.values()) {
      bindings.set(lower(channel), binding(view.binding(channel)));
    }
    node.put("purchased_at", timestamp(n.createdAt()));
    node.put("updated_at", timestamp(n.updatedAt()));
    return node;
  }

  /** The per-channel snapshot of seed 001: capability, state and binding per channel. */
  static ObjectNode snapshot(PhoneNumberView view) {
    PhoneNumber n = view.number();
    ObjectNode node = JsonBodies.object();
    node.put("phone_number_uuid", n.id().toString());
    node.put("number", n.number().value());
    node.put("is_external", n.isExternal());
    node.put("source", lower(n.source()));
    ObjectNode channels = node.putObject("channels");
    channels.set(
        "call",
        snapshotChannel(
            n.capabilities().voice(),
            n.channelSettings().voice(),
            view.binding(BindingChannel.CALL)));
    channels.set(
        "sms",
        snapshotChannel(
            n.capabilities().sms(), n.channelSettings().sms(), view.binding(BindingChannel.SMS)));
    channels.set("whatsapp", binding(view.binding(BindingChannel.WHATSAPP)));
    channels.set("inbound", inbound(n.channelSettings().inbound()));
    return node;
  }

  /** An offer of the search endpoint, with the fields the buy endpoint takes back. */
  static ObjectNode offer(AvailableNumber offer) {
    ObjectNode node = JsonBodies.object();
    node.put("number", offer.number().value());
    node.put("country_code", offer.number().country().value());
    node.put("type", lower(offer.type()));
    node.put("location", offer.location());
    node.put("monthly_fee", offer.monthlyFee().amount());
    node.put("currency", offer.monthlyFee().currency().getCurrencyCode());
    node.set("capabilities", capabilities(offer.capabilities()));
    return node;
  }

  private static ObjectNode snapshotChannel(
      boolean capable, OutboundChannel state, Optional<BoundAgent> agent) {
    ObjectNode node = JsonBodies.object();
    node.put("capable", capable);
    node.put("enabled", state.enabled());
    node.put("channel_limit", state.channelLimit().value());
    node.set("whitelisted_destinations", destinations(state));
    node.setAll(binding(agent));
    return node;
  }

  private static ObjectNode capabilities(Capabilities c) {
    ObjectNode node = JsonBodies.object();
    node.put("voice", c.voice());
    node.put("sms", c.sms());
    node.put("mms", c.mms());
    node.put("fax", c.fax());
    node.put("emergency", c.emergency());
    node.put("local_calling", c.localCalling());
    return node;
  }

  private static ObjectNode outbound(OutboundChannel channel) {
    ObjectNode node = JsonBodies.object();
    node.put("enabled", channel.enabled());
    node.put("channel_limit", channel.channelLimit().value());
    node.set("whitelisted_destinations", destinations(channel));
    return node;
  }

  private static ArrayNode destinations(OutboundChannel channel) {
    ArrayNode list = JsonBodies.array();
    channel.whitelistedDestinations().stream().map(CountryCode::value).forEach(list::add);
    return list;
  }

  private static ObjectNode inbound(InboundChannel channel) {
    ObjectNode node = JsonBodies.object();
    node.put("enabled", channel.enabled());
    node.put("channel_limit", channel.channelLimit().value());
    return node;
  }

  private static ObjectNode binding(Optional<BoundAgent> agent) {
    ObjectNode node = JsonBodies.object();
    node.put("bound", agent.isPresent());
    node.put("agent_uuid", agent.map(a -> a.agentId().value()).orElse(null));
    node.put("agent_name", agent.flatMap(BoundAgent::agentName).orElse(null));
    return node;
  }

  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** {@code {success:true, message, data}}. */
  static ObjectNode envelope(String message, JsonNode data) {
    ObjectNode node = JsonBodies.object();
    node.put("success", true);
    if (message != null) {
      node.put("message", message);
    }
    node.set("data", data);
    return node;
  }
}
