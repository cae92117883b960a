package io.switchboard.grpc;

import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.routing.policy.BusinessHours;
import io.switchboard.domain.routing.policy.CallerPrefix;
import io.switchboard.domain.routing.policy.CallerScreening;
import io.switchboard.domain.routing.policy.ChannelPolicy;
import io.switchboard.domain.routing.policy.ChannelPolicyPatch;
import io.switchboard.domain.routing.policy.Destination;
import io.switchboard.domain.routing.policy.PolicyDocument;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import io.switchboard.domain.routing.policy.RoutingPoliciesPatch;
import io.switchboard.domain.routing.policy.TimeRange;
import io.switchboard.proto.v1.ChannelPolicies;
import io.switchboard.proto.v1.RoutingDestination;
import io.switchboard.proto.v1.TimeRanges;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routing policies to and from their protos. Incoming policies are validated through their one
 * document form ({@link PolicyDocument}), so every door refuses the same values with the same
 * words.
 */
final class PolicyProtoMapper {
  static final List<String> POLICIES = List.of("fallback", "caller_screening", "business_hours");

  private PolicyProtoMapper() {}

  /** The update-mask leaves of the policies: {@code routing.policies.<channel>.<policy>}. */
  static List<String> updatablePaths() {
    var paths = new ArrayList<String>();
    for (BindingChannel channel : BindingChannel.values()) {
      for (String policy : POLICIES) {
        paths.add("routing.policies." + PolicyDocument.channelKey(channel) + "." + policy);
      }
    }
    return paths;
  }

  // ---- to proto

  static io.switchboard.proto.v1.RoutingPolicies toProto(RoutingPolicies policies) {
    var b = io.switchboard.proto.v1.RoutingPolicies.newBuilder();
    policies
        .channels()
        .forEach((channel, policy) -> {
          switch (channel) {
            case CALL -> b.setCall(toProto(policy));
            case SMS -> b.setSms(toProto(policy));
            case WHATSAPP -> b.setWhatsapp(toProto(policy));
          }
        });
    return b.build();
  }

  static ChannelPolicies toProto(ChannelPolicy policy) {
    var b = ChannelPolicies.newBuilder();
    policy.fallback().ifPresent(d -> b.setFallback(toProto(d)));
    policy
        .callerScreening()
        .ifPresent(s ->
            b.setCallerScreening(
                io.switchboard.proto.v1.CallerScreening.newBuilder()
                    .addAllAllow(s.allow().stream().map(CallerPrefix::value).toList())
                    .addAllDeny(s.deny().stream().map(CallerPrefix::value).toList())
                    .setRejectAnonymous(s.rejectAnonymous())));
    policy.businessHours().ifPresent(h -> b.setBusinessHours(toProto(h)));
    return b.build();
  }

  static RoutingDestination toProto(Destination d) {
    var b = RoutingDestination.newBuilder();
    switch (d) {
      case Destination.ToAgent a -> b.setAgentId(a.agentId().value());
      case Destination.ToNumber n -> b.setNumber(n.number().value());
      case Destination.ToSipUri u -> b.setSipUri(u.uri().value());
      case Destination.Reject r -> b.setRejectReason(r.reason().value());
    }
    return b.build();
  }

  private static io.switchboard.proto.v1.BusinessHours toProto(BusinessHours h) {
    var b = io.switchboard.proto.v1.BusinessHours.newBuilder().setTimeZone(h.zone().getId());
    h.weekly()
        .forEach((day, ranges) -> b.putWeekly(day.name().toLowerCase(Locale.ROOT), ranges(ranges)));
    h.exceptions().forEach((date, ranges) -> b.putExceptions(date.toString(), ranges(ranges)));
    h.afterHours().ifPresent(d -> b.setAfterHours(toProto(d)));
    return b.build();
  }

  private static TimeRanges ranges(List<TimeRange> ranges) {
    return TimeRanges.newBuilder()
        .addAllRanges(ranges.stream().map(TimeRange::toString).toList())
        .build();
  }

  // ---- from proto

  /**
   * The patch of the masked policy leaves: a masked policy that is set replaces the stored one, a
   * masked one left unset clears it.
   */
  static RoutingPoliciesPatch patch(
      Set<String> paths,
      io.switchboard.proto.v1.RoutingPolicies proto,
      String field,
      Violations violations) {
    var channels = new EnumMap<BindingChannel, ChannelPolicyPatch>(BindingChannel.class);
    for (BindingChannel channel : BindingChannel.values()) {
      String key = PolicyDocument.channelKey(channel);
      String leaf = "routing.policies." + key + ".";
      if (POLICIES.stream().noneMatch(p -> paths.contains(leaf + p))) {
        continue;
      }
      ChannelPolicies c =
          switch (channel) {
            case CALL -> proto.getCall();
            case SMS -> proto.getSms();
            case WHATSAPP -> proto.getWhatsapp();
          };
      String at = field + "." + key + ".";
      Patch<Destination> fallback =
          !paths.contains(leaf + "fallback")
              ? Patch.keep()
              : !c.hasFallback()
                  ? Patch.clear()
                  : set(
                      violations,
                      () -> PolicyDocument.destination(document(c.getFallback()), at + "fallback"));
      Patch<CallerScreening> screening =
          !paths.contains(leaf + "caller_screening")
              ? Patch.keep()
              : !c.hasCallerScreening()
                  ? Patch.clear()
                  : set(
                      violations, () -> screening(c.getCallerScreening(), at + "caller_screening"));
      Patch<BusinessHours> hours =
          !paths.contains(leaf + "business_hours")
              ? Patch.keep()
              : !c.hasBusinessHours()
                  ? Patch.clear()
                  : set(violations, () -> hours(c.getBusinessHours(), at + "business_hours"));
      channels.put(channel, new ChannelPolicyPatch(fallback, screening, hours));
    }
    return new RoutingPoliciesPatch(channels);
  }

  private static <T> Patch<T> set(Violations violations, java.util.function.Supplier<T> parse) {
    T value = violations.parse("", parse);
    return value == null ? Patch.keep() : Patch.set(value);
  }

  private static CallerScreening screening(
      io.switchboard.proto.v1.CallerScreening s, String field) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("allow", List.copyOf(s.getAllowList()));
    doc.put("deny", List.copyOf(s.getDenyList()));
    doc.put("reject_anonymous", s.getRejectAnonymous());
    return PolicyDocument.parseScreening(doc, field);
  }

  private static BusinessHours hours(io.switchboard.proto.v1.BusinessHours h, String field) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("time_zone", h.getTimeZone());
    Map<String, Object> weekly = new LinkedHashMap<>();
    h.getWeeklyMap().forEach((day, ranges) -> weekly.put(day, List.copyOf(ranges.getRangesList())));
    doc.put("weekly", weekly);
    Map<String, Object> exceptions = new LinkedHashMap<>();
    h.getExceptionsMap()
        .forEach((date, ranges) -> exceptions.put(date, List.copyOf(ranges.getRangesList())));
    doc.put("exceptions", exceptions);
    if (h.hasAfterHours()) {
      doc.put("after_hours", document(h.getAfterHours()));
    }
    return PolicyDocument.parseHours(doc, field);
  }

  private static Map<String, Object> document(RoutingDestination d) {
    return switch (d.getDestinationCase()) {
      case AGENT_ID -> Map.of("agent_id", d.getAgentId());
      case NUMBER -> Map.of("number", d.getNumber());
      case SIP_URI -> Map.of("sip_uri", d.getSipUri());
      case REJECT_REASON -> Map.of("reject_reason", d.getRejectReason());
      case DESTINATION_NOT_SET -> Map.of();
    };
  }
}
