package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.rest.JsonField;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.PolicyJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads AgentMessage requests into use-case terms. An unknown field makes the request fail with
 * reason {@code UNKNOWN_FIELD} (answered 400 {@code INVALID_INPUT}); every other problem is an
 * invalid argument (422 {@code VALIDATION_FAILED}) with one entry per field.
 *
 * <p>Routing fields follow the documented PATCH rules: absent or {@code null} leaves the field
 * unchanged, {@code ""} clears {@code inbound_url}, {@code status_url} and {@code label}, while
 * {@code ""} for {@code campaign_id} is refused (a reference is attached or changed, never
 * blanked); URLs must be {@code https://}. The extension field {@code x_routing_policies} patches
 * the number's routing policies ({@link PolicyJson}).
 */
final class AgentMessageRequests {
  static final String INBOUND_URL = "inbound_url";
  static final String STATUS_URL = "status_url";
  static final String LABEL = "label";
  static final String CAMPAIGN_ID = "campaign_id";

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  static final int DEFAULT_QUANTITY = 10;
  static final int MAX_QUANTITY = 100;

  private AgentMessageRequests() {}

  static PhoneNumberId pathId(String raw) {
    try {
      return PhoneNumberId.parse(raw);
    } catch (InvalidArgumentException e) {
      throw e.under("id");
    }
  }

  static RoutingPatch routingPatch(ObjectNode body) {
    JsonReader reader =
        JsonReader.of(body)
            .allowOnly(INBOUND_URL, STATUS_URL, LABEL, CAMPAIGN_ID, PolicyJson.FIELD);
    RoutingPatch patch = routingFields(reader).withPolicies(PolicyJson.patch(reader));
    reader.finish();
    return patch;
  }

  private static RoutingPatch routingFields(JsonReader reader) {
    Patch<HttpsUrl> inbound = reader.string(INBOUND_URL).toPatch(String::isEmpty, HttpsUrl::new);
    Patch<HttpsUrl> status = reader.string(STATUS_URL).toPatch(String::isEmpty, HttpsUrl::new);
    Patch<Label> label = reader.string(LABEL).toPatch(String::isEmpty, Label::new);
    Patch<CampaignId> campaign =
        reader.string(CAMPAIGN_ID).map(AgentMessageRequests::campaignId).toPatch();
    return new RoutingPatch(Patch.keep(), inbound, status, label, campaign, Patch.keep());
  }

  private static CampaignId campaignId(String text) {
    if (text.isEmpty()) {
      throw InvalidArgumentException.of(
          "", "must not be empty; send a campaign id, or omit the field");
    }
    return CampaignId.parse(text);
  }

  /**
   * {@code POST /v1/phone-numbers/orders}: {@code numbers} (E.164, required) and optional initial
   * routing. An empty string for a URL or the label means "none", which for a new number is the
   * same as leaving it out.
   */
  static OrderPhoneNumbersUseCase.Command order(ObjectNode body) {
    JsonReader reader =
        JsonReader.of(body).allowOnly("numbers", INBOUND_URL, STATUS_URL, LABEL, CAMPAIGN_ID);
    JsonField<List<String>> numbersField = reader.stringArray("numbers");
    List<String> raw = numbersField.required();
    RoutingPatch routing = routingFields(reader);
    var violations = new ArrayList<FieldViolation>();
    var numbers = new ArrayList<E164>();
    if (raw != null) {
      for (int i = 0; i < raw.size(); i++) {
        try {
          numbers.add(E164.parse(raw.get(i)));
        } catch (InvalidArgumentException e) {
          String path = "numbers[" + i + "]";
          e.violations().forEach(v -> violations.add(new FieldViolation(path, v.description())));
        }
      }
    }
    finishWith(reader, violations);
    return new OrderPhoneNumbersUseCase.Command(numbers, routing);
  }

  /** {@code POST /v1/phone-numbers/search}: what to preview, and the kind of number wanted. */
  record Search(InventorySearch inventory, Optional<AgentMessageNumberTypes> kind, int quantity) {}

  static Search search(ObjectNode body) {
    JsonReader reader =
        JsonReader.of(body).allowOnly("area_code", "number_type", "pattern", "quantity");
    Optional<String> areaCode = reader.string("area_code").optional();
    Optional<AgentMessageNumberTypes> kind =
        reader.string("number_type").map(AgentMessageNumberTypes::parse).optional();
    Optional<String> pattern = reader.string("pattern").optional();
    JsonField<Long> quantityField =
        reader
            .integer("quantity")
            .map(q -> {
              if (q < 1 || q > MAX_QUANTITY) {
                throw InvalidArgumentException.of("", "must be between 1 and " + MAX_QUANTITY);
              }
              return q;
            });
    int quantity = quantityField.optional().map(Long::intValue).orElse(DEFAULT_QUANTITY);
    reader.finish();
    // local spans several of our types, so ask for the most and keep the local ones (see
    // AgentMessageRoutes)
    int limit =
        kind.flatMap(AgentMessageNumberTypes::exactDomainType).isPresent() || kind.isEmpty()
            ? quantity
            : InventorySearch.MAX_LIMIT;
    return new Search(
        new InventorySearch(
            Optional.empty(),
            kind.flatMap(AgentMessageNumberTypes::exactDomainType),
            pattern,
            areaCode,
            limit),
        kind,
        quantity);
  }

  /** The query of {@code GET /v1/phone-numbers}. */
  record ListQuery(
      int limit,
      Optional<NumberCursor> cursor,
      Optional<AgentMessageNumberTypes> kind,
      Optional<CampaignId> campaign,
      Optional<String> search) {}

  static ListQuery listQuery(
      String limit,
      String cursor,
      String numberType,
      String campaignId,
      String search,
      TokenSigner signer) {
    var violations = new ArrayList<FieldViolation>();
    int parsedLimit = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        parsedLimit = Integer.parseInt(limit.strip());
        if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
          violations.add(new FieldViolation("limit", "must be between 1 and " + MAX_LIMIT));
        }
      } catch (NumberFormatException e) {
        violations.add(
            new FieldViolation("limit", "must be an integer between 1 and " + MAX_LIMIT));
      }
    }
    Optional<NumberCursor> after = Optional.empty();
    if (cursor != null && !cursor.isEmpty()) {
      after = collect(violations, "", () -> AgentMessageCursor.decode(cursor, signer));
    }
    Optional<AgentMessageNumberTypes> kind =
        numberType == null || numberType.isEmpty()
            ? Optional.empty()
            : collect(
                violations,
                "number_type",
                () -> AgentMessageNumberTypes.parse(numberType.toLowerCase(Locale.ROOT)));
    Optional<CampaignId> campaign =
        campaignId == null || campaignId.isEmpty()
            ? Optional.empty()
            : collect(violations, "campaign_id", () -> CampaignId.parse(campaignId));
    if (!violations.isEmpty()) {
      throw new InvalidArgumentException(violations);
    }
    return new ListQuery(parsedLimit, after, kind, campaign, Optional.ofNullable(search));
  }

  /** {@code return_to_carrier}: {@code true} or {@code false} (default). */
  static boolean returnToCarrier(String raw) {
    if (raw == null || raw.isEmpty()) {
      return false;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw InvalidArgumentException.of("return_to_carrier", "must be true or false");
    };
  }

  private static <T> Optional<T> collect(
      List<FieldViolation> violations, String field, Supplier<T> parse) {
    try {
      return Optional.of(parse.get());
    } catch (InvalidArgumentException e) {
      e.violations().forEach(v -> violations.add(v.under(field)));
      return Optional.empty();
    }
  }

  /**
   * The reader's problems and ours, thrown together so that the caller learns about all of them at
   * once.
   */
  static void finishWith(JsonReader reader, List<FieldViolation> more) {
    try {
      reader.finish();
    } catch (InvalidArgumentException e) {
      var all = new ArrayList<>(e.violations());
      all.addAll(more);
      throw new InvalidArgumentException(e.reason(), e.getMessage(), all);
    }
    if (!more.isEmpty()) {
      throw new InvalidArgumentException(more);
    }
  }
}
