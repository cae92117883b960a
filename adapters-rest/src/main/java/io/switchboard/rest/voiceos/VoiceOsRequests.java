package io.switchboard.rest.voiceos;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.rest.voiceos.VoiceOsValidationException.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads VoiceOS requests into use-case terms. Every problem of a request is collected (FastAPI
 * reports all of them at once) and thrown together as a {@link VoiceOsValidationException}.
 *
 * <p>PATCH body rules: {@code inbound_agent_id} absent keeps the agent, {@code null} unbinds it
 * (the number then receives no calls), a string sets it; {@code webhooks} absent or {@code null}
 * keeps the list, a list replaces it whole ({@code []} removes every webhook). Unknown fields are
 * refused ({@code extra_forbidden}) rather than dropped.
 */
final class VoiceOsRequests {
  static final String INBOUND_AGENT_ID = "inbound_agent_id";
  static final String WEBHOOKS = "webhooks";
  private static final Set<String> PATCH_FIELDS = Set.of(INBOUND_AGENT_ID, WEBHOOKS);
  private static final Set<String> WEBHOOK_FIELDS =
      Set.of("events", "url", "method", "headers", "filter");

  /**
   * The method a webhook uses when the caller names none: the one the VoiceOS documentation shows.
   */
  static final WebhookMethod DEFAULT_WEBHOOK_METHOD = WebhookMethod.GET;

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_PAGE_INDEX = 1_000_000;

  private VoiceOsRequests() {}

  /**
   * The path key: an E.164 number, with or without {@code +} (a {@code +} decoded to a space is
   * tolerated too).
   */
  static E164 phoneNumberKey(String raw) {
    String candidate = raw == null ? "" : raw.strip();
    if (!candidate.isEmpty() && !candidate.startsWith("+")) {
      candidate = "+" + candidate;
    }
    try {
      return E164.parse(candidate);
    } catch (InvalidArgumentException e) {
      throw VoiceOsValidationException.of(
          new Problem(
              List.of("path", "phone_number"),
              "Value error, " + firstDescription(e),
              Problem.VALUE_ERROR));
    }
  }

  static RoutingPatch routingPatch(JsonNode body) {
    var problems = new ArrayList<Problem>();
    if (body == null || !body.isObject()) {
      throw VoiceOsValidationException.of(
          new Problem(List.of("body"), "Input should be a valid dictionary", Problem.DICT_TYPE));
    }
    rejectExtraFields(body, PATCH_FIELDS, List.of("body"), problems);
    Patch<AgentId> agent = inboundAgent(body, problems);
    Patch<List<Webhook>> webhooks = webhooks(body, problems);
    if (!problems.isEmpty()) {
      throw new VoiceOsValidationException(problems);
    }
    return RoutingPatch.NONE.withInboundAgent(agent).withWebhooks(webhooks);
  }

  private static Patch<AgentId> inboundAgent(JsonNode body, List<Problem> problems) {
    if (!body.has(INBOUND_AGENT_ID)) {
      return Patch.keep();
    }
    JsonNode node = body.get(INBOUND_AGENT_ID);
    if (node.isNull()) {
      return Patch.clear();
    }
    List<Object> loc = List.of("body", INBOUND_AGENT_ID);
    if (!node.isTextual()) {
      problems.add(new Problem(loc, "Input should be a valid string", Problem.STRING_TYPE));
      return Patch.keep();
    }
    AgentId id = valueOrProblem(() -> new AgentId(node.textValue()), loc, problems);
    return id == null ? Patch.keep() : Patch.set(id);
  }

  private static Patch<List<Webhook>> webhooks(JsonNode body, List<Problem> problems) {
    JsonNode node = body.get(WEBHOOKS);
    if (node == null || node.isNull()) {
      return Patch.keep();
    }
    if (!node.isArray()) {
      problems.add(
          new Problem(
              List.of("body", WEBHOOKS), "Input should be a valid list", Problem.LIST_TYPE));
      return Patch.keep();
    }
    var list = new ArrayList<Webhook>();
    for (int i = 0; i < node.size(); i++) {
      Webhook webhook = webhook(node.get(i), List.of("body", WEBHOOKS, i), problems);
      if (webhook != null) {
        list.add(webhook);
      }
    }
    return list.isEmpty() ? Patch.clear() : Patch.set(list);
  }

  private static Webhook webhook(JsonNode node, List<Object> at, List<Problem> problems) {
    if (!node.isObject()) {
      problems.add(new Problem(at, "Input should be a valid dictionary", Problem.DICT_TYPE));
      return null;
    }
    int before = problems.size();
    rejectExtraFields(node, WEBHOOK_FIELDS, at, problems);
    List<WebhookEvent> events = events(node.get("events"), append(at, "events"), problems);
    HttpsUrl url =
        requiredString(node.get("url"), append(at, "url"), problems)
            .map(text -> valueOrProblem(() -> new HttpsUrl(text), append(at, "url"), problems))
            .orElse(null);
    WebhookMethod method = method(node.get("method"), append(at, "method"), problems);
    Map<String, String> headers = headers(node.get("headers"), append(at, "headers"), problems);
    Optional<String> filter = optionalString(node.get("filter"), append(at, "filter"), problems);
    if (problems.size() > before) {
      return null;
    }
    return valueOrProblem(() -> new Webhook(events, url, method, headers, filter), at, problems);
  }

  private static List<WebhookEvent> events(JsonNode node, List<Object> at, List<Problem> problems) {
    if (node == null) {
      problems.add(new Problem(at, "Field required", Problem.MISSING));
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(new Problem(at, "Input should be a valid list", Problem.LIST_TYPE));
      return List.of();
    }
    var events = new ArrayList<WebhookEvent>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode event = node.get(i);
      List<Object> loc = append(at, i);
      String expected =
          "Input should be "
              + Arrays.stream(WebhookEvent.values())
                  .map(e -> "'" + e.wireName() + "'")
                  .collect(Collectors.joining(", "));
      if (!event.isTextual()) {
        problems.add(new Problem(loc, expected, Problem.ENUM));
        continue;
      }
      try {
        events.add(WebhookEvent.parse(event.textValue()));
      } catch (InvalidArgumentException e) {
        problems.add(new Problem(loc, expected, Problem.ENUM));
      }
    }
    return events;
  }

  private static WebhookMethod method(JsonNode node, List<Object> at, List<Problem> problems) {
    if (node == null || node.isNull()) {
      return DEFAULT_WEBHOOK_METHOD;
    }
    if (node.isTextual()) {
      for (WebhookMethod m : WebhookMethod.values()) {
        if (m.name().equals(node.textValue())) {
          return m;
        }
      }
    }
    problems.add(new Problem(at, "Input should be 'GET' or 'POST'", Problem.ENUM));
    return DEFAULT_WEBHOOK_METHOD;
  }

  private static Map<String, String> headers(
      JsonNode node, List<Object> at, List<Problem> problems) {
    var headers = new LinkedHashMap<String, String>();
    if (node == null || node.isNull()) {
      return headers;
    }
    if (!node.isObject()) {
      problems.add(new Problem(at, "Input should be a valid dictionary", Problem.DICT_TYPE));
      return headers;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      if (header.getValue().isTextual()) {
        headers.put(header.getKey(), header.getValue().textValue());
      } else {
        problems.add(
            new Problem(
                append(at, header.getKey()),
                "Input should be a valid string",
                Problem.STRING_TYPE));
      }
    }
    return headers;
  }

  private static Optional<String> requiredString(
      JsonNode node, List<Object> at, List<Problem> problems) {
    if (node == null) {
      problems.add(new Problem(at, "Field required", Problem.MISSING));
      return Optional.empty();
    }
    if (!node.isTextual()) {
      problems.add(new Problem(at, "Input should be a valid string", Problem.STRING_TYPE));
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  private static Optional<String> optionalString(
      JsonNode node, List<Object> at, List<Problem> problems) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      problems.add(new Problem(at, "Input should be a valid string", Problem.STRING_TYPE));
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  /**
   * {@code release_phone_number}: FastAPI's boolean spellings; absent means false (detach only).
   */
  static boolean releaseFlag(String raw) {
    if (raw == null) {
      return false;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> true;
      case "false", "0", "no", "off", "f", "n" -> false;
      default ->
          throw VoiceOsValidationException.of(
              new Problem(
                  List.of("query", "release_phone_number"),
                  "Input should be a valid boolean, unable to interpret input",
                  Problem.BOOL_PARSING));
    };
  }

  /**
   * The page of {@code GET /phone_numbers}: {@code index} from 1, {@code size} 1..1000 (default
   * 100).
   */
  record PageParams(int index, int size) {
    long offset() {
      return (long) (index - 1) * size;
    }
  }

  static PageParams pageParams(
      String index, String size, String createdAfter, String createdBefore) {
    var problems = new ArrayList<Problem>();
    int i = intParam("index", index, 1, 1, MAX_PAGE_INDEX, problems);
    int s = intParam("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, problems);
    // Offered by VoiceOS clients but not served here: refusing is more honest than ignoring a
    // filter.
    Stream.of(
            Map.entry("created_after", Optional.ofNullable(createdAfter)),
            Map.entry("created_before", Optional.ofNullable(createdBefore)))
        .filter(e -> e.getValue().isPresent())
        .forEach(e ->
            problems.add(
                new Problem(
                    List.of("query", e.getKey()),
                    "Value error, filtering by creation time is not supported",
                    Problem.VALUE_ERROR)));
    if (!problems.isEmpty()) {
      throw new VoiceOsValidationException(problems);
    }
    return new PageParams(i, s);
  }

  private static int intParam(
      String name, String raw, int fallback, int min, int max, List<Problem> problems) {
    if (raw == null) {
      return fallback;
    }
    List<Object> loc = List.of("query", name);
    int value;
    try {
      value = Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      problems.add(
          new Problem(
              loc,
              "Input should be a valid integer, unable to parse string as an integer",
              Problem.INT_PARSING));
      return fallback;
    }
    if (value < min) {
      problems.add(
          new Problem(
              loc, "Input should be greater than or equal to " + min, "greater_than_equal"));
    } else if (value > max) {
      problems.add(
          new Problem(loc, "Input should be less than or equal to " + max, "less_than_equal"));
    }
    return value;
  }

  private static void rejectExtraFields(
      JsonNode object, Set<String> allowed, List<Object> at, List<Problem> problems) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(
            new Problem(
                append(at, name), "Extra inputs are not permitted", Problem.EXTRA_FORBIDDEN));
      }
    }
  }

  /** Builds a value object, turning its violations into problems located under {@code at}. */
  private static <T> T valueOrProblem(Supplier<T> build, List<Object> at, List<Problem> problems) {
    try {
      return build.get();
    } catch (InvalidArgumentException e) {
      for (FieldViolation v : e.violations()) {
        problems.add(
            new Problem(
                locate(at, v.field()), "Value error, " + v.description(), Problem.VALUE_ERROR));
      }
      return null;
    }
  }

  /** {@code at} followed by the segments of a dotted domain field path, list indexes as numbers. */
  static List<Object> locate(List<Object> at, String dottedField) {
    var loc = new ArrayList<Object>(at);
    if (dottedField != null && !dottedField.isEmpty()) {
      // "webhooks.0.url" and "webhooks[0].url" both become "webhooks", 0, "url"
      for (String segment : dottedField.replace("[", ".").replace("]", "").split("\\.")) {
        if (!segment.isEmpty()) {
          loc.add(segment.matches("[0-9]{1,9}") ? (Object) Integer.valueOf(segment) : segment);
        }
      }
    }
    return loc;
  }

  private static List<Object> append(List<Object> at, Object segment) {
    var loc = new ArrayList<Object>(at);
    loc.add(segment);
    return loc;
  }

  private static String firstDescription(InvalidArgumentException e) {
    return e.violations().isEmpty() ? e.getMessage() : e.violations().get(0).description();
  }
}
