package io.switchboard.domain.routing.policy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one JSON form of policies, as plain maps, lists, strings and booleans (what a JSON parser
 * gives): the REST dialects' extension fields and the database column both use it, so a policy
 * reads the same wherever it is seen.
 *
 * <pre>{@code
 * {"call": {"fallback": {"number": "+4930901820"},
 *           "caller_screening": {"allow": [], "deny": ["+1900"], "reject_anonymous": true},
 *           "business_hours": {"time_zone": "Europe/Berlin",
 *                              "weekly": {"monday": ["09:00-18:00"], "friday": ["22:00-06:00"]},
 *                              "exceptions": {"2026-12-25": []},
 *                              "after_hours": {"reject_reason": "closed"}}},
 *  "sms": {...}, "whatsapp": {...}}
 * }</pre>
 *
 * A destination names exactly one of {@code agent_id}, {@code number}, {@code sip_uri}, {@code
 * reject_reason}. Parsing names every violation by its path under the given field.
 */
public final class PolicyDocument {
  private static final Set<String> POLICY_KEYS =
      Set.of("fallback", "caller_screening", "business_hours");
  private static final Set<String> DESTINATION_KEYS =
      Set.of("agent_id", "number", "sip_uri", "reject_reason");
  private static final Set<String> SCREENING_KEYS = Set.of("allow", "deny", "reject_anonymous");
  private static final Set<String> HOURS_KEYS =
      Set.of("time_zone", "weekly", "exceptions", "after_hours");

  private PolicyDocument() {}

  // ---- writing

  public static Map<String, Object> write(RoutingPolicies policies) {
    var doc = new LinkedHashMap<String, Object>();
    policies.channels().forEach((channel, policy) -> doc.put(channelKey(channel), write(policy)));
    return doc;
  }

  public static Map<String, Object> write(ChannelPolicy policy) {
    var doc = new LinkedHashMap<String, Object>();
    policy.fallback().ifPresent(d -> doc.put("fallback", write(d)));
    policy.callerScreening().ifPresent(s -> doc.put("caller_screening", write(s)));
    policy.businessHours().ifPresent(h -> doc.put("business_hours", write(h)));
    return doc;
  }

  public static Map<String, Object> write(Destination destination) {
    return switch (destination) {
      case Destination.ToAgent a -> Map.of("agent_id", a.agentId().value());
      case Destination.ToNumber n -> Map.of("number", n.number().value());
      case Destination.ToSipUri u -> Map.of("sip_uri", u.uri().value());
      case Destination.Reject r -> Map.of("reject_reason", r.reason().value());
    };
  }

  public static Map<String, Object> write(CallerScreening s) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("allow", s.allow().stream().map(CallerPrefix::value).toList());
    doc.put("deny", s.deny().stream().map(CallerPrefix::value).toList());
    doc.put("reject_anonymous", s.rejectAnonymous());
    return doc;
  }

  public static Map<String, Object> write(BusinessHours h) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("time_zone", h.zone().getId());
    var weekly = new LinkedHashMap<String, Object>();
    h.weekly().forEach((day, ranges) -> weekly.put(dayKey(day), texts(ranges)));
    doc.put("weekly", weekly);
    var exceptions = new LinkedHashMap<String, Object>();
    h.exceptions().forEach((date, ranges) -> exceptions.put(date.toString(), texts(ranges)));
    doc.put("exceptions", exceptions);
    h.afterHours().ifPresent(d -> doc.put("after_hours", write(d)));
    return doc;
  }

  private static List<String> texts(List<TimeRange> ranges) {
    return ranges.stream().map(TimeRange::toString).toList();
  }

  public static String channelKey(BindingChannel channel) {
    return channel.name().toLowerCase(Locale.ROOT);
  }

  private static String dayKey(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }

  // ---- reading

  /** Every channel's policies, a whole document (absent channels and policies have none). */
  public static RoutingPolicies parse(Object doc, String field) {
    Map<String, Object> channels = object(doc, field);
    Violations violations = new Violations();
    var parsed = new EnumMap<BindingChannel, ChannelPolicy>(BindingChannel.class);
    channels.forEach((key, value) -> {
      BindingChannel channel = channel(key, field, violations);
      if (channel != null) {
        ChannelPolicy p = gather(violations, () -> parseChannel(value, at(field, key)));
        if (p != null) {
          parsed.put(channel, p);
        }
      }
    });
    violations.throwIfAny();
    return new RoutingPolicies(parsed);
  }

  /**
   * A patch in the dialects' tri-state, at every level: a key left out or null keeps, an empty
   * object (or empty string) clears, anything else replaces. So {@code {}} clears every policy of
   * every channel, {@code {"call": {}}} every policy of calls, {@code {"call": {"fallback": {}}}}
   * the fallback of calls.
   */
  public static RoutingPoliciesPatch parsePatch(Object doc, String field) {
    Map<String, Object> channels = object(doc, field);
    if (channels.isEmpty()) {
      return RoutingPoliciesPatch.clearAll();
    }
    Violations violations = new Violations();
    var patch = new EnumMap<BindingChannel, ChannelPolicyPatch>(BindingChannel.class);
    channels.forEach((key, value) -> {
      BindingChannel channel = channel(key, field, violations);
      if (channel != null && value != null) {
        ChannelPolicyPatch p = gather(violations, () -> parseChannelPatch(value, at(field, key)));
        if (p != null) {
          patch.put(channel, p);
        }
      }
    });
    violations.throwIfAny();
    return new RoutingPoliciesPatch(patch);
  }

  private static BindingChannel channel(String key, String field, Violations violations) {
    for (BindingChannel c : BindingChannel.values()) {
      if (channelKey(c).equals(key)) {
        return c;
      }
    }
    violations.add(at(field, key), "is not a channel: use call, sms or whatsapp");
    return null;
  }

  static ChannelPolicy parseChannel(Object doc, String field) {
    Map<String, Object> m = object(doc, field);
    Violations violations = new Violations();
    unknownKeys(m, POLICY_KEYS, field, violations);
    Destination fallback =
        m.get("fallback") == null
            ? null
            : gather(violations, () -> destination(m.get("fallback"), at(field, "fallback")));
    CallerScreening screening =
        m.get("caller_screening") == null
            ? null
            : gather(
                violations,
                () -> screening(m.get("caller_screening"), at(field, "caller_screening")));
    BusinessHours hours =
        m.get("business_hours") == null
            ? null
            : gather(violations, () -> hours(m.get("business_hours"), at(field, "business_hours")));
    violations.throwIfAny();
    return new ChannelPolicy(
        Optional.ofNullable(fallback), Optional.ofNullable(screening), Optional.ofNullable(hours));
  }

  static ChannelPolicyPatch parseChannelPatch(Object doc, String field) {
    Map<String, Object> m = object(doc, field);
    if (m.isEmpty()) {
      return ChannelPolicyPatch.CLEAR;
    }
    Violations violations = new Violations();
    unknownKeys(m, POLICY_KEYS, field, violations);
    Patch<Destination> fallback =
        patch(m.get("fallback"), at(field, "fallback"), violations, PolicyDocument::destination);
    Patch<CallerScreening> screening =
        patch(
            m.get("caller_screening"),
            at(field, "caller_screening"),
            violations,
            PolicyDocument::screening);
    Patch<BusinessHours> hours =
        patch(
            m.get("business_hours"),
            at(field, "business_hours"),
            violations,
            PolicyDocument::hours);
    violations.throwIfAny();
    return new ChannelPolicyPatch(fallback, screening, hours);
  }

  private interface Parser<T> {
    T parse(Object value, String field);
  }

  private static <T> Patch<T> patch(
      Object value, String field, Violations violations, Parser<T> parser) {
    if (value == null) {
      return Patch.keep();
    }
    if ((value instanceof Map<?, ?> map && map.isEmpty())
        || (value instanceof String s && s.isEmpty())) {
      return Patch.clear();
    }
    T parsed = gather(violations, () -> parser.parse(value, field));
    return parsed == null ? Patch.keep() : Patch.set(parsed);
  }

  public static Destination destination(Object doc, String field) {
    Map<String, Object> m = object(doc, field);
    Violations violations = new Violations();
    unknownKeys(m, DESTINATION_KEYS, field, violations);
    violations.throwIfAny();
    List<String> named = m.keySet().stream().filter(k -> m.get(k) != null).toList();
    if (named.size() != 1) {
      throw InvalidArgumentException.of(
          field, "must name exactly one of agent_id, number, sip_uri or reject_reason");
    }
    String key = named.get(0);
    String value = string(m.get(key), at(field, key));
    try {
      return switch (key) {
        case "agent_id" -> new Destination.ToAgent(new AgentId(value));
        case "number" -> new Destination.ToNumber(E164.parse(value));
        case "sip_uri" -> new Destination.ToSipUri(new SipUri(value));
        default -> new Destination.Reject(new RejectReason(value));
      };
    } catch (InvalidArgumentException e) {
      throw e.under(at(field, key));
    }
  }

  public static CallerScreening parseScreening(Object doc, String field) {
    return screening(doc, field);
  }

  public static BusinessHours parseHours(Object doc, String field) {
    return hours(doc, field);
  }

  static CallerScreening screening(Object doc, String field) {
    Map<String, Object> m = object(doc, field);
    Violations violations = new Violations();
    unknownKeys(m, SCREENING_KEYS, field, violations);
    List<CallerPrefix> allow =
        gather(violations, () -> prefixes(m.get("allow"), at(field, "allow")));
    List<CallerPrefix> deny = gather(violations, () -> prefixes(m.get("deny"), at(field, "deny")));
    Object anonymous = m.get("reject_anonymous");
    if (anonymous != null && !(anonymous instanceof Boolean)) {
      violations.add(at(field, "reject_anonymous"), "must be true or false");
    }
    violations.throwIfAny();
    try {
      return new CallerScreening(allow, deny, Boolean.TRUE.equals(anonymous));
    } catch (InvalidArgumentException e) {
      throw e.under(field);
    }
  }

  private static List<CallerPrefix> prefixes(Object doc, String field) {
    if (doc == null) {
      return List.of();
    }
    return CallerScreening.parse(strings(doc, field), field);
  }

  static BusinessHours hours(Object doc, String field) {
    Map<String, Object> m = object(doc, field);
    Violations violations = new Violations();
    unknownKeys(m, HOURS_KEYS, field, violations);
    ZoneId zone =
        violations.parse(
            at(field, "time_zone"), () -> BusinessHours.zone(string(m.get("time_zone"), "")));
    var weekly = new EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
    if (m.get("weekly") != null) {
      Map<String, Object> days =
          gather(violations, () -> object(m.get("weekly"), at(field, "weekly")));
      if (days != null) {
        days.forEach((day, ranges) -> {
          String dayField = at(field, "weekly." + day);
          DayOfWeek d = null;
          for (DayOfWeek candidate : DayOfWeek.values()) {
            if (dayKey(candidate).equals(day)) {
              d = candidate;
            }
          }
          if (d == null) {
            violations.add(dayField, "is not a weekday: use monday .. sunday");
          } else {
            List<TimeRange> parsed = gather(violations, () -> ranges(ranges, dayField));
            if (parsed != null) {
              weekly.put(d, parsed);
            }
          }
        });
      }
    }
    var exceptions = new TreeMap<LocalDate, List<TimeRange>>();
    if (m.get("exceptions") != null) {
      Map<String, Object> dates =
          gather(violations, () -> object(m.get("exceptions"), at(field, "exceptions")));
      if (dates != null) {
        dates.forEach((date, ranges) -> {
          String dateField = at(field, "exceptions." + date);
          try {
            LocalDate d = LocalDate.parse(date);
            List<TimeRange> parsed = gather(violations, () -> ranges(ranges, dateField));
            if (parsed != null) {
              exceptions.put(d, parsed);
            }
          } catch (DateTimeParseException e) {
            violations.add(dateField, "is not a date: use YYYY-MM-DD");
          }
        });
      }
    }
    Destination afterHours =
        m.get("after_hours") == null
            ? null
            : gather(violations, () -> destination(m.get("after_hours"), at(field, "after_hours")));
    violations.throwIfAny();
    try {
      return new BusinessHours(zone, weekly, exceptions, Optional.ofNullable(afterHours));
    } catch (InvalidArgumentException e) {
      throw e.under(field);
    }
  }

  private static List<TimeRange> ranges(Object doc, String field) {
    List<String> texts = strings(doc, field);
    Violations violations = new Violations();
    var ranges = new ArrayList<TimeRange>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String entry = field + "[" + i + "]";
      TimeRange r = violations.parse(entry, () -> TimeRange.parse(text));
      if (r != null) {
        ranges.add(r);
      }
    }
    violations.throwIfAny();
    return ranges;
  }

  // ---- shapes

  /** Runs a parse that names its own paths, recording its violations; null when it failed. */
  private static <T> T gather(Violations violations, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidArgumentException e) {
      e.violations().forEach(v -> violations.add(v.field(), v.description()));
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object doc, String field) {
    if (!(doc instanceof Map<?, ?> map)) {
      throw InvalidArgumentException.of(field, "must be an object");
    }
    return (Map<String, Object>) map;
  }

  private static String string(Object value, String field) {
    if (!(value instanceof String s)) {
      throw InvalidArgumentException.of(field, "must be a string");
    }
    return s;
  }

  private static List<String> strings(Object value, String field) {
    if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
      throw InvalidArgumentException.of(field, "must be a list of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  private static void unknownKeys(
      Map<String, Object> m, Set<String> known, String field, Violations violations) {
    for (String key : m.keySet()) {
      if (!known.contains(key)) {
        violations.add(
            at(field, key), "is not a known field: use one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static String at(String field, String key) {
    if (field.isEmpty()) {
      return key;
    }
    return key.startsWith("[") ? field + key : field + "." + key;
  }
}
