package io.switchboard.domain.change;

import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.channel.InboundChannel;
import io.switchboard.domain.channel.OutboundChannel;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.policy.BusinessHours;
import io.switchboard.domain.routing.policy.CallerPrefix;
import io.switchboard.domain.routing.policy.CallerScreening;
import io.switchboard.domain.routing.policy.Destination;
import io.switchboard.domain.routing.policy.TimeRange;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEventType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Describes resources as flat field → value maps and diffs two of them, so that every mutation
 * records exactly what changed. Secrets are described as "(secret)" and never by value: a change of
 * one shows as "(secret)" → "(secret)".
 */
public final class Changes {
  static final String SECRET = "(secret)";

  private Changes() {}

  /** The fields that differ between two descriptions, in field order. */
  public static List<FieldChange> diff(Map<String, String> before, Map<String, String> after) {
    var fields = new TreeSet<String>();
    fields.addAll(before.keySet());
    fields.addAll(after.keySet());
    var changes = new ArrayList<FieldChange>();
    for (String field : fields) {
      String from = before.get(field);
      String to = after.get(field);
      if (!Objects.equals(from, to)) {
        changes.add(new FieldChange(field, Optional.ofNullable(from), Optional.ofNullable(to)));
      }
    }
    return changes;
  }

  /**
   * The fields of a secret pair differ when the ciphertexts differ; both sides still read
   * "(secret)".
   */
  public static List<FieldChange> diff(Trunk before, Trunk after) {
    var changes = new ArrayList<>(diff(describe(before), describe(after)));
    secretChange("sip.username", before.sip().username(), after.sip().username())
        .ifPresent(changes::add);
    secretChange("sip.password", before.sip().password(), after.sip().password())
        .ifPresent(changes::add);
    changes.sort(Comparator.comparing(FieldChange::field));
    return changes;
  }

  public static Map<String, String> describe(PhoneNumber n) {
    var m = new TreeMap<String, String>();
    m.put("number", n.number().value());
    m.put("status", lower(n.status()));
    m.put("type", lower(n.type()));
    m.put("source", lower(n.source()));
    outbound(m, "channel_settings.voice", n.channelSettings().voice());
    outbound(m, "channel_settings.sms", n.channelSettings().sms());
    inbound(m, "channel_settings.inbound", n.channelSettings().inbound());
    var r = n.routing();
    r.inboundUrl().ifPresent(u -> m.put("routing.inbound_url", u.value()));
    r.statusUrl().ifPresent(u -> m.put("routing.status_url", u.value()));
    r.label().ifPresent(l -> m.put("routing.label", l.value()));
    r.campaignId().ifPresent(c -> m.put("routing.campaign_id", c.toString()));
    if (!r.webhooks().isEmpty()) {
      m.put(
          "routing.webhooks",
          r.webhooks().stream().map(Changes::webhook).collect(Collectors.joining("; ")));
    }
    r.policies()
        .channels()
        .forEach((channel, policy) -> {
          String prefix = "routing.policies." + lower(channel) + ".";
          policy.fallback().ifPresent(d -> m.put(prefix + "fallback", destination(d)));
          policy.callerScreening().ifPresent(s -> m.put(prefix + "caller_screening", screening(s)));
          policy.businessHours().ifPresent(h -> m.put(prefix + "business_hours", hours(h)));
        });
    return m;
  }

  /** A destination as change events show it: {@code transfer +4930901820}, {@code agent a-1}. */
  public static String destination(Destination d) {
    return switch (d) {
      case Destination.ToAgent a -> "agent " + a.agentId();
      case Destination.ToNumber n -> "transfer " + n.number();
      case Destination.ToSipUri u -> "sip_uri " + u.uri();
      case Destination.Reject r -> "reject " + r.reason();
    };
  }

  private static String screening(CallerScreening s) {
    return "allow="
        + s.allow().stream().map(CallerPrefix::value).collect(Collectors.joining(","))
        + " deny="
        + s.deny().stream().map(CallerPrefix::value).collect(Collectors.joining(","))
        + " reject_anonymous="
        + s.rejectAnonymous();
  }

  private static String hours(BusinessHours h) {
    var text = new StringBuilder(h.zone().getId());
    h.weekly()
        .forEach((day, ranges) ->
            text.append(' ').append(lower(day), 0, 3).append('=').append(ranges(ranges)));
    h.exceptions()
        .forEach((date, ranges) ->
            text.append(' ')
                .append(date)
                .append('=')
                .append(ranges.isEmpty() ? "closed" : ranges(ranges)));
    h.afterHours().ifPresent(d -> text.append(" after_hours=").append(destination(d)));
    return text.toString();
  }

  private static String ranges(List<TimeRange> ranges) {
    return ranges.stream().map(TimeRange::toString).collect(Collectors.joining(","));
  }

  public static Map<String, String> describe(Trunk t) {
    var m = new TreeMap<String, String>();
    m.put("number", t.number().value());
    m.put("channel", lower(t.channel()));
    m.put("name", t.name().value());
    t.direction().ifPresent(d -> m.put("direction", lower(d)));
    t.sip().gateway().ifPresent(g -> m.put("sip.gateway", g.value()));
    t.sip().port().ifPresent(p -> m.put("sip.port", Integer.toString(p.value())));
    t.sip().username().ifPresent(s -> m.put("sip.username", SECRET));
    t.sip().password().ifPresent(s -> m.put("sip.password", SECRET));
    t.sip().secondaryGateway().ifPresent(g -> m.put("sip.secondary_gateway", g.value()));
    m.put("additional_settings", t.additionalSettings().json());
    return m;
  }

  /**
   * An endpoint's settings and health; its signing secret only as "(secret)", and a rolled secret
   * as a change of it.
   */
  public static Map<String, String> describe(WebhookEndpoint e) {
    var m = new TreeMap<String, String>();
    m.put("url", e.url().value());
    m.put(
        "event_types",
        e.eventTypes().stream()
            .map(WebhookEventType::wireName)
            .sorted()
            .collect(Collectors.joining(",")));
    if (!e.description().value().isEmpty()) {
      m.put("description", e.description().value());
    }
    m.put("enabled", Boolean.toString(e.enabled()));
    m.put("status", lower(e.status()));
    m.put("secret", SECRET);
    return m;
  }

  public static List<FieldChange> diff(WebhookEndpoint before, WebhookEndpoint after) {
    var changes = new ArrayList<>(diff(describe(before), describe(after)));
    secretChange("secret", Optional.of(before.secret()), Optional.of(after.secret()))
        .ifPresent(changes::add);
    changes.sort(Comparator.comparing(FieldChange::field));
    return changes;
  }

  public static Map<String, String> describe(Binding b) {
    return Map.of("channel", lower(b.channel()), "agent_id", b.agentId().value());
  }

  public static Map<String, String> describe(Agent a) {
    return Map.of("display_name", a.displayName());
  }

  private static Optional<FieldChange> secretChange(
      String field, Optional<SealedSecret> before, Optional<SealedSecret> after) {
    if (before.isPresent() && after.isPresent() && !before.equals(after)) {
      return Optional.of(new FieldChange(field, Optional.of(SECRET), Optional.of(SECRET)));
    }
    return Optional.empty();
  }

  private static void outbound(Map<String, String> m, String prefix, OutboundChannel c) {
    m.put(prefix + ".enabled", Boolean.toString(c.enabled()));
    m.put(prefix + ".channel_limit", Integer.toString(c.channelLimit().value()));
    m.put(
        prefix + ".whitelisted_destinations",
        c.whitelistedDestinations().stream()
            .map(CountryCode::value)
            .collect(Collectors.joining(",")));
  }

  private static void inbound(Map<String, String> m, String prefix, InboundChannel c) {
    m.put(prefix + ".enabled", Boolean.toString(c.enabled()));
    m.put(prefix + ".channel_limit", Integer.toString(c.channelLimit().value()));
  }

  private static String webhook(Webhook w) {
    // Header values can carry tokens: only their names are recorded.
    return w.method()
        + " "
        + w.url().value()
        + " "
        + w.events().stream().map(e -> e.wireName()).toList()
        + (w.headers().isEmpty() ? "" : " headers=" + new TreeSet<>(w.headers().keySet()));
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
