package io.switchboard.rest.mindhunters;

import io.switchboard.application.trunk.SipInput;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.routing.policy.RoutingPoliciesPatch;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPort;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.PolicyJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Request bodies of this dialect to use-case inputs. Rules of the dialect: an omitted field or
 * {@code null} leaves a value as it is; unknown fields are refused; SIP fields and the trunk name
 * clear with {@code ""}; {@code additional_settings} replaces the whole object.
 */
final class MindhuntersRequests {
  private MindhuntersRequests() {}

  /** What a PATCH of a number changes: its channel settings and its routing policies. */
  record NumberPatch(ChannelSettingsPatch settings, RoutingPoliciesPatch policies) {}

  /**
   * The PATCH body of seed 000: {@code {channel_settings: {voice, sms, inbound}}}, every part
   * optional; {@code channel_settings.inbound.x_routing_policies} is the extension field of the
   * number's routing policies ({@link PolicyJson}).
   */
  static NumberPatch channelSettings(JsonReader root) {
    root.allowOnly("channel_settings");
    Optional<JsonReader> settings = root.object("channel_settings").optional();
    ChannelSettingsPatch patch = ChannelSettingsPatch.NONE;
    RoutingPoliciesPatch policies = RoutingPoliciesPatch.NONE;
    if (settings.isPresent()) {
      JsonReader s = settings.get().allowOnly("voice", "sms", "inbound");
      patch = new ChannelSettingsPatch(outbound(s, "voice"), outbound(s, "sms"), inbound(s));
      Optional<JsonReader> inbound = s.object("inbound").optional();
      if (inbound.isPresent()) {
        policies = PolicyJson.patch(inbound.get());
      }
    }
    root.finish();
    return new NumberPatch(patch, policies);
  }

  private static OutboundChannelPatch outbound(JsonReader settings, String name) {
    Optional<JsonReader> channel = settings.object(name).optional();
    if (channel.isEmpty()) {
      return OutboundChannelPatch.NONE;
    }
    JsonReader c = channel.get().allowOnly("enabled", "channel_limit", "whitelisted_destinations");
    Patch<Boolean> enabled = c.bool("enabled").toPatch();
    Patch<ChannelLimit> limit =
        c.integer("channel_limit").<ChannelLimit>map(ChannelLimit::of).toPatch();
    Patch<List<CountryCode>> destinations =
        c.stringArray("whitelisted_destinations")
            .<List<CountryCode>>map(MindhuntersRequests::countries)
            .toPatch();
    try {
      return new OutboundChannelPatch(enabled, limit, destinations);
    } catch (InvalidArgumentException e) {
      throw e.under(settings.pathOf(name));
    }
  }

  private static InboundChannelPatch inbound(JsonReader settings) {
    Optional<JsonReader> channel = settings.object("inbound").optional();
    if (channel.isEmpty()) {
      return InboundChannelPatch.NONE;
    }
    JsonReader c = channel.get().allowOnly("enabled", "channel_limit", PolicyJson.FIELD);
    return new InboundChannelPatch(
        c.bool("enabled").toPatch(),
        c.integer("channel_limit").<ChannelLimit>map(ChannelLimit::of).toPatch());
  }

  private static List<CountryCode> countries(List<String> codes) {
    List<CountryCode> parsed = new ArrayList<>(codes.size());
    for (int i = 0; i < codes.size(); i++) {
      try {
        parsed.add(new CountryCode(codes.get(i)));
      } catch (InvalidArgumentException e) {
        throw InvalidArgumentException.of(
            "", "entry " + i + " must be an ISO 3166-1 alpha-2 country code such as US");
      }
    }
    return parsed;
  }

  /**
   * {@code sip{gateway, port, username, password, secondary_gateway}}: only the keys given change;
   * "" clears one.
   */
  static SipInput sip(JsonReader body) {
    Optional<JsonReader> sip = body.object("sip").optional();
    if (sip.isEmpty()) {
      return SipInput.NONE;
    }
    JsonReader s =
        sip.get().allowOnly("gateway", "port", "username", "password", "secondary_gateway");
    Patch<SipHost> gateway = s.string("gateway").toPatch(String::isEmpty, SipHost::new);
    Patch<SipPort> port =
        s.node().path("port").isTextual() && s.node().get("port").textValue().isEmpty()
            ? Patch.clear()
            : s.integer("port").<SipPort>map(SipPort::of).toPatch();
    Patch<String> username = s.string("username").toPatch(String::isEmpty, v -> v);
    Patch<String> password = s.string("password").toPatch(String::isEmpty, v -> v);
    Patch<SipHost> secondary = s.string("secondary_gateway").toPatch(String::isEmpty, SipHost::new);
    try {
      return new SipInput(gateway, port, username, password, secondary);
    } catch (InvalidArgumentException e) {
      throw e.under(body.pathOf("sip"));
    }
  }

  /** Free-form JSON kept as its text; {@code {}} is the empty settings. */
  static Patch<AdditionalSettings> additionalSettings(JsonReader body) {
    return body.rawObject("additional_settings")
        .<AdditionalSettings>map(
            o -> new AdditionalSettings(new String(JsonBodies.write(o), StandardCharsets.UTF_8)))
        .toPatch();
  }
}
