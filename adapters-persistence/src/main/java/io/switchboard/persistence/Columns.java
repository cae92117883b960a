package io.switchboard.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.routing.policy.PolicyDocument;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.JSON;

/** Conversions between domain values and column values that several repositories share. */
final class Columns {
  private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

  private Columns() {}

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String column) {
    Object constant = BY_COLUMN.get(type).get(column);
    return constant != null
        ? type.cast(constant)
        : Enum.valueOf(type, column.toUpperCase(Locale.ROOT));
  }

  /**
   * Each enum's constants by their column form: a bulk load parses a million statuses, and a map
   * lookup costs less than upper-casing each.
   */
  private static final ClassValue<Map<String, Object>> BY_COLUMN =
      new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
          var byColumn = new java.util.HashMap<String, Object>();
          for (Object constant : type.getEnumConstants()) {
            byColumn.put(lower((Enum<?>) constant), constant);
          }
          return Map.copyOf(byColumn);
        }
      };

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime column) {
    return column.toInstant();
  }

  static String[] countries(List<CountryCode> codes) {
    return codes.stream().map(CountryCode::value).toArray(String[]::new);
  }

  static List<CountryCode> countries(String[] column) {
    if (column.length == 0) {
      return List.of();
    }
    CountryCode[] codes = new CountryCode[column.length];
    for (int i = 0; i < column.length; i++) {
      codes[i] = CountryCode.of(column[i]);
    }
    return List.of(codes);
  }

  static JSON requirements(List<ComplianceRequirement> requirements) {
    if (requirements.isEmpty()) {
      return NO_REQUIREMENTS; // most numbers: nothing to build or serialize
    }
    ArrayNode array = JSON_MAPPER.createArrayNode();
    for (ComplianceRequirement r : requirements) {
      array
          .addObject()
          .put("name", r.name())
          .put("type", r.type())
          .put("description", r.description());
    }
    return write(array);
  }

  private static final JSON NO_REQUIREMENTS = JSON.valueOf("[]");

  static List<ComplianceRequirement> requirements(JSON column) {
    return requirements(column.data());
  }

  /** Same, from the column's text. */
  static List<ComplianceRequirement> requirements(String column) {
    if (column.equals("[]")) {
      return List.of(); // most numbers have none: no parse
    }
    var result = new ArrayList<ComplianceRequirement>();
    for (JsonNode r : read(column)) {
      result.add(
          new ComplianceRequirement(
              r.get("name").asText(), r.get("type").asText(), r.get("description").asText()));
    }
    return result;
  }

  /**
   * Headers are stored as an array of pairs so their order survives (jsonb reorders object keys).
   */
  static JSON webhooks(List<Webhook> webhooks) {
    ArrayNode array = JSON_MAPPER.createArrayNode();
    for (Webhook w : webhooks) {
      ObjectNode node = array.addObject();
      ArrayNode events = node.putArray("events");
      w.events().forEach(e -> events.add(e.wireName()));
      node.put("url", w.url().value());
      node.put("method", w.method().name());
      ArrayNode headers = node.putArray("headers");
      w.headers()
          .forEach((name, value) -> headers.addObject().put("name", name).put("value", value));
      w.filter().ifPresent(f -> node.put("filter", f));
    }
    return write(array);
  }

  static List<Webhook> webhooks(JSON column) {
    return webhooks(column.data());
  }

  /** Same, from the column's text. */
  static List<Webhook> webhooks(String column) {
    if (column.equals("[]")) {
      return List.of(); // most numbers have none: no parse
    }
    var result = new ArrayList<Webhook>();
    for (JsonNode w : read(column)) {
      var events = new ArrayList<WebhookEvent>();
      w.get("events").forEach(e -> events.add(WebhookEvent.parse(e.asText())));
      var headers = new LinkedHashMap<String, String>();
      w.get("headers").forEach(h -> headers.put(h.get("name").asText(), h.get("value").asText()));
      JsonNode filter = w.get("filter");
      result.add(
          new Webhook(
              events,
              new HttpsUrl(w.get("url").asText()),
              WebhookMethod.valueOf(w.get("method").asText()),
              headers,
              filter == null || filter.isNull() ? Optional.empty() : Optional.of(filter.asText())));
    }
    return result;
  }

  /** The policies in their document form; null (SQL NULL) when the number has none. */
  static JSON policies(RoutingPolicies policies) {
    return policies.isEmpty()
        ? null
        : write(JSON_MAPPER.valueToTree(PolicyDocument.write(policies)));
  }

  static RoutingPolicies policies(JSON column) {
    return column == null ? RoutingPolicies.NONE : policies(column.data());
  }

  static RoutingPolicies policies(String json) {
    if (json == null) {
      return RoutingPolicies.NONE;
    }
    try {
      return PolicyDocument.parse(JSON_MAPPER.readValue(json, Map.class), "routing_policies");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable routing_policies column", e);
    }
  }

  static JSON changes(List<FieldChange> changes) {
    ArrayNode array = JSON_MAPPER.createArrayNode();
    for (FieldChange c : changes) {
      ObjectNode node = array.addObject().put("field", c.field());
      node.put("from", c.from().orElse(null));
      node.put("to", c.to().orElse(null));
    }
    return write(array);
  }

  static List<FieldChange> changes(JSON column) {
    var result = new ArrayList<FieldChange>();
    for (JsonNode c : read(column)) {
      result.add(new FieldChange(c.get("field").asText(), text(c.get("from")), text(c.get("to"))));
    }
    return result;
  }

  private static Optional<String> text(JsonNode node) {
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  private static JSON write(JsonNode node) {
    try {
      return JSON.valueOf(JSON_MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON column", e);
    }
  }

  private static JsonNode read(JSON column) {
    return read(column.data());
  }

  private static JsonNode read(String column) {
    try {
      return JSON_MAPPER.readTree(column);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON column holds malformed JSON", e);
    }
  }
}
