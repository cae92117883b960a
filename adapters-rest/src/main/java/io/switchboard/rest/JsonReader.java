package io.switchboard.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed view of one JSON object of a request body. Each accessor returns a {@link JsonField} that
 * keeps absent and {@code null} apart and records a wrong type as a violation naming the full path
 * ({@code sip.port: must be an integer}). Which fields exist and what null means stay with the
 * dialects. Call {@link #finish()} when done.
 */
public final class JsonReader {
  private final ObjectNode node;
  private final String path;
  private final FieldProblems problems;

  private JsonReader(ObjectNode node, String path, FieldProblems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** A reader over a request body, with its own problem list. */
  public static JsonReader of(ObjectNode body) {
    return new JsonReader(body, "", new FieldProblems());
  }

  /**
   * A reader over a request body sharing a problem list (with a {@link QueryReader}, for instance).
   */
  public static JsonReader of(ObjectNode body, FieldProblems problems) {
    return new JsonReader(body, "", problems);
  }

  public ObjectNode node() {
    return node;
  }

  public FieldProblems problems() {
    return problems;
  }

  /** Records every field not listed as unknown. */
  public JsonReader allowOnly(String... fields) {
    Set<String> allowed = Set.copyOf(Arrays.asList(fields));
    node.fieldNames()
        .forEachRemaining(name -> {
          if (!allowed.contains(name)) {
            problems.addUnknown(pathOf(name));
          }
        });
    return this;
  }

  public boolean has(String name) {
    return node.has(name);
  }

  public JsonField<String> string(String name) {
    return read(name, JsonNode::isTextual, JsonNode::textValue, "must be a string");
  }

  public JsonField<Boolean> bool(String name) {
    return read(name, JsonNode::isBoolean, JsonNode::booleanValue, "must be a boolean");
  }

  /** A JSON integer that fits a long ({@code 5}, not {@code 5.0} nor {@code "5"}). */
  public JsonField<Long> integer(String name) {
    return read(
        name,
        n -> n.isIntegralNumber() && n.canConvertToLong(),
        JsonNode::longValue,
        "must be an integer");
  }

  public JsonField<BigDecimal> decimal(String name) {
    return read(name, JsonNode::isNumber, JsonNode::decimalValue, "must be a number");
  }

  /** A nested object, as a reader sharing this one's problems. */
  public JsonField<JsonReader> object(String name) {
    return read(
        name,
        JsonNode::isObject,
        n -> new JsonReader((ObjectNode) n, pathOf(name), problems),
        "must be an object");
  }

  /** A nested object kept as raw JSON (free-form settings). */
  public JsonField<ObjectNode> rawObject(String name) {
    return read(name, JsonNode::isObject, n -> (ObjectNode) n, "must be an object");
  }

  /** An array of strings; a non-string element is reported with its index ({@code tags[2]}). */
  public JsonField<List<String>> stringArray(String name) {
    return array(name, JsonNode::isTextual, JsonNode::textValue, "must be a string");
  }

  /** An array of objects, each as a reader at {@code name[i]}. */
  public JsonField<List<JsonReader>> objectArray(String name) {
    return array(name, JsonNode::isObject, null, "must be an object");
  }

  private <T> JsonField<List<T>> array(
      String name,
      Predicate<JsonNode> elementType,
      Function<JsonNode, T> element,
      String elementDescription) {
    String fieldPath = pathOf(name);
    JsonNode value = node.get(name);
    if (value == null) {
      return JsonField.absent(fieldPath, problems);
    }
    if (value.isNull()) {
      return JsonField.ofNull(fieldPath, problems);
    }
    if (!value.isArray()) {
      return JsonField.invalid(fieldPath, "must be an array", problems);
    }
    List<T> items = new ArrayList<>(value.size());
    boolean valid = true;
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = fieldPath + "[" + i + "]";
      if (!elementType.test(item)) {
        problems.add(itemPath, elementDescription);
        valid = false;
      } else {
        @SuppressWarnings("unchecked")
        T converted =
            element != null
                ? element.apply(item)
                : (T) new JsonReader((ObjectNode) item, itemPath, problems);
        items.add(converted);
      }
    }
    return valid
        ? JsonField.present(fieldPath, List.copyOf(items), problems)
        : JsonField.invalidRecorded(fieldPath, problems);
  }

  private <T> JsonField<T> read(
      String name, Predicate<JsonNode> type, Function<JsonNode, T> value, String wrongType) {
    String fieldPath = pathOf(name);
    JsonNode found = node.get(name);
    if (found == null) {
      return JsonField.absent(fieldPath, problems);
    }
    if (found.isNull()) {
      return JsonField.ofNull(fieldPath, problems);
    }
    if (!type.test(found)) {
      return JsonField.invalid(fieldPath, wrongType, problems);
    }
    return JsonField.present(fieldPath, value.apply(found), problems);
  }

  /** The dotted path of a field of this object. */
  public String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Throws the collected violations, if any. */
  public void finish() {
    problems.throwIfAny();
  }
}
