package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.boundAgent;
import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.Routing;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.ChannelSnapshot;
import io.switchboard.proto.v1.Compliance;
import io.switchboard.proto.v1.ComplianceRequirement;
import io.switchboard.proto.v1.ComplianceStatus;
import io.switchboard.proto.v1.InboundChannel;
import io.switchboard.proto.v1.NumberSource;
import io.switchboard.proto.v1.NumberStatus;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * PhoneNumber, ChannelSnapshot and Routing protos to and from the domain; update masks to patches.
 */
final class PhoneNumberProtoMapper {

  /** Every path UpdatePhoneNumber can change, leaves only; parents and "*" expand to these. */
  static final List<String> UPDATABLE_PATHS =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(
                  "channel_settings.voice.enabled",
                  "channel_settings.voice.channel_limit",
                  "channel_settings.voice.whitelisted_destinations",
                  "channel_settings.sms.enabled",
                  "channel_settings.sms.channel_limit",
                  "channel_settings.sms.whitelisted_destinations",
                  "channel_settings.inbound.enabled",
                  "channel_settings.inbound.channel_limit",
                  "routing.inbound_agent_id",
                  "routing.inbound_url",
                  "routing.status_url",
                  "routing.label",
                  "routing.campaign_id",
                  "routing.webhooks"),
              PolicyProtoMapper.updatablePaths().stream())
          .toList();

  private PhoneNumberProtoMapper() {}

  // ---- to proto

  static io.switchboard.proto.v1.PhoneNumber toProto(PhoneNumberView view) {
    PhoneNumber n = view.number();
    var b =
        io.switchboard.proto.v1.PhoneNumber.newBuilder()
            .setId(n.id().toString())
            .setNumber(n.number().value())
            .setCountryCode(n.number().country().value())
            .setType(type(n.type()))
            .setSource(source(n.source()))
            .setStatus(status(n.status()))
            .setCompliance(compliance(n.compliance()))
            .setCapabilities(capabilities(n.capabilities()))
            .setLocation(n.location())
            .setMonthlyFee(money(n.monthlyFee()))
            .setChannelSettings(channelSettings(n.channelSettings()))
            .setRouting(
                routing(n.routing(), Optional.ofNullable(view.bindings().get(BindingChannel.CALL))))
            .setCreateTime(timestamp(n.createdAt()))
            .setUpdateTime(timestamp(n.updatedAt()))
            .setEtag(view.etag());
    view.bindings().values().forEach(agent -> b.addBindings(boundAgent(agent)));
    n.quarantineEndsAt().ifPresent(at -> b.setQuarantineEndTime(timestamp(at)));
    return b.build();
  }

  static ChannelSnapshot snapshot(PhoneNumberView view) {
    PhoneNumber n = view.number();
    var settings = n.channelSettings();
    return ChannelSnapshot.newBuilder()
        .setPhoneNumberId(n.id().toString())
        .setNumber(n.number().value())
        .setSource(source(n.source()))
        .setCall(
            outboundState(
                n.capabilities().voice(), settings.voice(), view.binding(BindingChannel.CALL)))
        .setSms(
            outboundState(n.capabilities().sms(), settings.sms(), view.binding(BindingChannel.SMS)))
        .setWhatsapp(bindingState(view.binding(BindingChannel.WHATSAPP)))
        .setInbound(inbound(settings.inbound()))
        .setEtag(view.etag())
        .build();
  }

  private static ChannelSnapshot.OutboundChannelState outboundState(
      boolean capable,
      io.switchboard.domain.channel.OutboundChannel channel,
      Optional<BoundAgent> agent) {
    var b =
        ChannelSnapshot.OutboundChannelState.newBuilder()
            .setCapable(capable)
            .setEnabled(channel.enabled())
            .setChannelLimit(channel.channelLimit().value())
            .addAllWhitelistedDestinations(
                channel.whitelistedDestinations().stream().map(CountryCode::value).toList())
            .setBound(agent.isPresent());
    agent.ifPresent(a -> {
      b.setAgentId(a.agentId().value());
      a.agentName().ifPresent(b::setAgentName);
    });
    return b.build();
  }

  private static ChannelSnapshot.BindingState bindingState(Optional<BoundAgent> agent) {
    var b = ChannelSnapshot.BindingState.newBuilder().setBound(agent.isPresent());
    agent.ifPresent(a -> {
      b.setAgentId(a.agentId().value());
      a.agentName().ifPresent(b::setAgentName);
    });
    return b.build();
  }

  static ChannelSettings channelSettings(io.switchboard.domain.channel.ChannelSettings s) {
    return ChannelSettings.newBuilder()
        .setVoice(outbound(s.voice()))
        .setSms(outbound(s.sms()))
        .setInbound(inbound(s.inbound()))
        .build();
  }

  private static OutboundChannel outbound(io.switchboard.domain.channel.OutboundChannel c) {
    return OutboundChannel.newBuilder()
        .setEnabled(c.enabled())
        .setChannelLimit(c.channelLimit().value())
        .addAllWhitelistedDestinations(
            c.whitelistedDestinations().stream().map(CountryCode::value).toList())
        .build();
  }

  private static InboundChannel inbound(io.switchboard.domain.channel.InboundChannel c) {
    return InboundChannel.newBuilder()
        .setEnabled(c.enabled())
        .setChannelLimit(c.channelLimit().value())
        .build();
  }

  /**
   * {@code inbound_agent_id} is the call binding's agent: one fact, shown the same through every
   * door.
   */
  static io.switchboard.proto.v1.Routing routing(Routing r, Optional<BoundAgent> callAgent) {
    var b = io.switchboard.proto.v1.Routing.newBuilder();
    callAgent.ifPresent(a -> b.setInboundAgentId(a.agentId().value()));
    r.inboundUrl().ifPresent(u -> b.setInboundUrl(u.value()));
    r.statusUrl().ifPresent(u -> b.setStatusUrl(u.value()));
    r.label().ifPresent(l -> b.setLabel(l.value()));
    r.campaignId().ifPresent(c -> b.setCampaignId(c.toString()));
    r.webhooks().forEach(w -> b.addWebhooks(webhook(w)));
    if (!r.policies().isEmpty()) {
      b.setPolicies(PolicyProtoMapper.toProto(r.policies()));
    }
    return b.build();
  }

  static io.switchboard.proto.v1.Webhook webhook(Webhook w) {
    var b =
        io.switchboard.proto.v1.Webhook.newBuilder()
            .setUrl(w.url().value())
            .setMethod(
                w.method() == WebhookMethod.GET
                    ? io.switchboard.proto.v1.WebhookMethod.WEBHOOK_METHOD_GET
                    : io.switchboard.proto.v1.WebhookMethod.WEBHOOK_METHOD_POST)
            .putAllHeaders(w.headers());
    w.events().forEach(e -> b.addEvents(webhookEvent(e)));
    w.filter().ifPresent(b::setFilter);
    return b.build();
  }

  static Capabilities capabilities(io.switchboard.domain.number.Capabilities c) {
    return Capabilities.newBuilder()
        .setVoice(c.voice())
        .setSms(c.sms())
        .setMms(c.mms())
        .setFax(c.fax())
        .setEmergency(c.emergency())
        .setLocalCalling(c.localCalling())
        .build();
  }

  static io.switchboard.domain.number.Capabilities capabilities(Capabilities c) {
    return new io.switchboard.domain.number.Capabilities(
        c.getVoice(), c.getSms(), c.getMms(), c.getFax(), c.getEmergency(), c.getLocalCalling());
  }

  static io.switchboard.proto.v1.Money money(Money m) {
    return io.switchboard.proto.v1.Money.newBuilder()
        .setAmount(m.amount().toPlainString())
        .setCurrency(m.currency().getCurrencyCode())
        .build();
  }

  static Compliance compliance(io.switchboard.domain.number.Compliance c) {
    return Compliance.newBuilder()
        .setStatus(
            c.status() == io.switchboard.domain.number.ComplianceStatus.COMPLETED
                ? ComplianceStatus.COMPLIANCE_STATUS_COMPLETED
                : ComplianceStatus.COMPLIANCE_STATUS_REQUIREMENT_PENDING)
        .addAllRequirements(
            c.requirements().stream().map(PhoneNumberProtoMapper::requirement).toList())
        .build();
  }

  static ComplianceRequirement requirement(io.switchboard.domain.number.ComplianceRequirement r) {
    return ComplianceRequirement.newBuilder()
        .setName(r.name())
        .setType(r.type())
        .setDescription(r.description())
        .build();
  }

  static NumberType type(io.switchboard.domain.number.NumberType type) {
    return switch (type) {
      case LOCAL -> NumberType.NUMBER_TYPE_LOCAL;
      case TOLL_FREE -> NumberType.NUMBER_TYPE_TOLL_FREE;
      case MOBILE -> NumberType.NUMBER_TYPE_MOBILE;
      case NATIONAL -> NumberType.NUMBER_TYPE_NATIONAL;
    };
  }

  static NumberSource source(io.switchboard.domain.number.NumberSource source) {
    return switch (source) {
      case PURCHASED -> NumberSource.NUMBER_SOURCE_PURCHASED;
      case EXTERNAL -> NumberSource.NUMBER_SOURCE_EXTERNAL;
    };
  }

  static NumberStatus status(io.switchboard.domain.number.NumberStatus status) {
    return switch (status) {
      case ACTIVE -> NumberStatus.NUMBER_STATUS_ACTIVE;
      case PENDING -> NumberStatus.NUMBER_STATUS_PENDING;
      case INACTIVE -> NumberStatus.NUMBER_STATUS_INACTIVE;
      case RELEASED -> NumberStatus.NUMBER_STATUS_RELEASED;
    };
  }

  static io.switchboard.proto.v1.WebhookEvent webhookEvent(WebhookEvent e) {
    return switch (e) {
      case PHONE_CALL_CONNECTION_REQUESTED ->
          io.switchboard.proto.v1.WebhookEvent.WEBHOOK_EVENT_PHONE_CALL_CONNECTION_REQUESTED;
      case PHONE_CALL_STARTED ->
          io.switchboard.proto.v1.WebhookEvent.WEBHOOK_EVENT_PHONE_CALL_STARTED;
      case PHONE_CALL_ENDED -> io.switchboard.proto.v1.WebhookEvent.WEBHOOK_EVENT_PHONE_CALL_ENDED;
      case MESSAGE_RECEIVED -> io.switchboard.proto.v1.WebhookEvent.WEBHOOK_EVENT_MESSAGE_RECEIVED;
      case MESSAGE_STATUS_UPDATED ->
          io.switchboard.proto.v1.WebhookEvent.WEBHOOK_EVENT_MESSAGE_STATUS_UPDATED;
    };
  }

  // ---- from proto

  /**
   * The use-case command of an UpdatePhoneNumber: exactly the masked fields become patches, every
   * other one is kept.
   */
  static UpdatePhoneNumberUseCase.Command updateCommand(UpdatePhoneNumberRequest request) {
    var violations = new Violations();
    io.switchboard.proto.v1.PhoneNumber pn = request.getPhoneNumber();
    PhoneNumberRef ref = null;
    if (!pn.getId().isEmpty()) {
      ref =
          violations.parse(
              "phone_number.id", () -> PhoneNumberRef.of(PhoneNumberId.parse(pn.getId())));
    } else if (!pn.getNumber().isEmpty()) {
      ref =
          violations.parse(
              "phone_number.number", () -> PhoneNumberRef.of(E164.parse(pn.getNumber())));
    } else {
      violations.add("phone_number.id", "is required (or phone_number.number)");
    }
    Set<String> paths = UpdateMasks.leaves(request.getUpdateMask(), UPDATABLE_PATHS, violations);
    var s = pn.getChannelSettings();
    var r = pn.getRouting();
    String cs = "phone_number.channel_settings.";
    String rt = "phone_number.routing.";
    var voice = outboundPatch(paths, violations, "voice", s.getVoice(), cs + "voice.");
    var sms = outboundPatch(paths, violations, "sms", s.getSms(), cs + "sms.");
    var inbound =
        new InboundChannelPatch(
            paths.contains("channel_settings.inbound.enabled")
                ? Patch.set(s.getInbound().getEnabled())
                : Patch.keep(),
            paths.contains("channel_settings.inbound.channel_limit")
                ? limitPatch(
                    violations, cs + "inbound.channel_limit", s.getInbound().getChannelLimit())
                : Patch.keep());
    var routing =
        new RoutingPatch(
            textPatch(
                paths,
                violations,
                "routing.inbound_agent_id",
                rt + "inbound_agent_id",
                r.getInboundAgentId(),
                AgentId::new),
            textPatch(
                paths,
                violations,
                "routing.inbound_url",
                rt + "inbound_url",
                r.getInboundUrl(),
                HttpsUrl::new),
            textPatch(
                paths,
                violations,
                "routing.status_url",
                rt + "status_url",
                r.getStatusUrl(),
                HttpsUrl::new),
            textPatch(paths, violations, "routing.label", rt + "label", r.getLabel(), Label::new),
            textPatch(
                paths,
                violations,
                "routing.campaign_id",
                rt + "campaign_id",
                r.getCampaignId(),
                CampaignId::parse),
            paths.contains("routing.webhooks")
                ? webhooksPatch(violations, rt + "webhooks", r.getWebhooksList())
                : Patch.keep(),
            PolicyProtoMapper.patch(paths, r.getPolicies(), rt + "policies", violations));
    violations.throwIfAny();
    return new UpdatePhoneNumberUseCase.Command(
        ref,
        new ChannelSettingsPatch(voice, sms, inbound),
        routing,
        Optional.of(pn.getEtag()).filter(e -> !e.isEmpty()));
  }

  /** Initial routing of an order: the fields that are set. */
  static RoutingPatch initialRouting(io.switchboard.proto.v1.Routing r, String field) {
    var violations = new Violations();
    var all = Set.copyOf(UPDATABLE_PATHS);
    String p = field + ".";
    var patch =
        new RoutingPatch(
            r.getInboundAgentId().isEmpty()
                ? Patch.keep()
                : textPatch(
                    all,
                    violations,
                    "routing.inbound_agent_id",
                    p + "inbound_agent_id",
                    r.getInboundAgentId(),
                    AgentId::new),
            r.getInboundUrl().isEmpty()
                ? Patch.keep()
                : textPatch(
                    all,
                    violations,
                    "routing.inbound_url",
                    p + "inbound_url",
                    r.getInboundUrl(),
                    HttpsUrl::new),
            r.getStatusUrl().isEmpty()
                ? Patch.keep()
                : textPatch(
                    all,
                    violations,
                    "routing.status_url",
                    p + "status_url",
                    r.getStatusUrl(),
                    HttpsUrl::new),
            r.getLabel().isEmpty()
                ? Patch.keep()
                : textPatch(
                    all, violations, "routing.label", p + "label", r.getLabel(), Label::new),
            r.getCampaignId().isEmpty()
                ? Patch.keep()
                : textPatch(
                    all,
                    violations,
                    "routing.campaign_id",
                    p + "campaign_id",
                    r.getCampaignId(),
                    CampaignId::parse),
            r.getWebhooksCount() == 0
                ? Patch.keep()
                : webhooksPatch(violations, p + "webhooks", r.getWebhooksList()));
    violations.throwIfAny();
    return patch;
  }

  private static OutboundChannelPatch outboundPatch(
      Set<String> paths, Violations violations, String channel, OutboundChannel c, String field) {
    String prefix = "channel_settings." + channel + ".";
    Patch<Boolean> enabled =
        paths.contains(prefix + "enabled") ? Patch.set(c.getEnabled()) : Patch.keep();
    Patch<ChannelLimit> limit =
        paths.contains(prefix + "channel_limit")
            ? limitPatch(violations, field + "channel_limit", c.getChannelLimit())
            : Patch.keep();
    Patch<List<CountryCode>> destinations = Patch.keep();
    if (paths.contains(prefix + "whitelisted_destinations")) {
      var codes = new ArrayList<CountryCode>();
      for (int i = 0; i < c.getWhitelistedDestinationsCount(); i++) {
        String code = c.getWhitelistedDestinations(i);
        CountryCode parsed =
            violations.parse(
                field + "whitelisted_destinations[" + i + "]", () -> CountryCode.of(code));
        if (parsed != null) {
          codes.add(parsed);
        }
      }
      destinations = codes.isEmpty() ? Patch.clear() : Patch.set(codes);
    }
    Patch<List<CountryCode>> chosen = destinations;
    // The patch refuses duplicate destinations, naming its own field; report it under the channel's
    // path.
    OutboundChannelPatch patch =
        violations.parse(
            field.substring(0, field.length() - 1),
            () -> new OutboundChannelPatch(enabled, limit, chosen));
    return patch != null ? patch : OutboundChannelPatch.NONE;
  }

  private static Patch<ChannelLimit> limitPatch(Violations violations, String field, int value) {
    ChannelLimit limit = violations.parse(field, () -> ChannelLimit.of(value));
    return limit == null ? Patch.keep() : Patch.set(limit);
  }

  /** A masked text field: empty clears it, anything else is parsed. */
  private static <T> Patch<T> textPatch(
      Set<String> paths,
      Violations violations,
      String path,
      String field,
      String value,
      Function<String, T> parse) {
    if (!paths.contains(path)) {
      return Patch.keep();
    }
    if (value.isEmpty()) {
      return Patch.clear();
    }
    T parsed = violations.parse(field, () -> parse.apply(value));
    return parsed == null ? Patch.keep() : Patch.set(parsed);
  }

  private static Patch<List<Webhook>> webhooksPatch(
      Violations violations, String field, List<io.switchboard.proto.v1.Webhook> webhooks) {
    if (webhooks.isEmpty()) {
      return Patch.clear();
    }
    if (webhooks.size() > Routing.MAX_WEBHOOKS) {
      violations.add(field, "must have at most " + Routing.MAX_WEBHOOKS + " entries");
      return Patch.keep();
    }
    var parsed = new ArrayList<Webhook>();
    for (int i = 0; i < webhooks.size(); i++) {
      var w = webhooks.get(i);
      String at = field + "[" + i + "]";
      Webhook webhook = violations.parse(at, () -> webhook(w));
      if (webhook != null) {
        parsed.add(webhook);
      }
    }
    return Patch.set(parsed);
  }

  static Webhook webhook(io.switchboard.proto.v1.Webhook w) {
    var events = new ArrayList<WebhookEvent>();
    for (var e : w.getEventsList()) {
      events.add(
          switch (e) {
            case WEBHOOK_EVENT_PHONE_CALL_CONNECTION_REQUESTED ->
                WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED;
            case WEBHOOK_EVENT_PHONE_CALL_STARTED -> WebhookEvent.PHONE_CALL_STARTED;
            case WEBHOOK_EVENT_PHONE_CALL_ENDED -> WebhookEvent.PHONE_CALL_ENDED;
            case WEBHOOK_EVENT_MESSAGE_RECEIVED -> WebhookEvent.MESSAGE_RECEIVED;
            case WEBHOOK_EVENT_MESSAGE_STATUS_UPDATED -> WebhookEvent.MESSAGE_STATUS_UPDATED;
            case WEBHOOK_EVENT_UNSPECIFIED, UNRECOGNIZED ->
                throw InvalidArgumentException.of("events", "must name known events");
          });
    }
    WebhookMethod method =
        switch (w.getMethod()) {
          case WEBHOOK_METHOD_UNSPECIFIED, WEBHOOK_METHOD_POST -> WebhookMethod.POST;
          case WEBHOOK_METHOD_GET -> WebhookMethod.GET;
          case UNRECOGNIZED -> throw InvalidArgumentException.of("method", "must be POST or GET");
        };
    HttpsUrl url = CommonProtoMapper.at("url", () -> new HttpsUrl(w.getUrl()));
    return new Webhook(
        events,
        url,
        method,
        w.getHeadersMap(),
        Optional.of(w.getFilter()).filter(f -> !f.isEmpty()));
  }
}
