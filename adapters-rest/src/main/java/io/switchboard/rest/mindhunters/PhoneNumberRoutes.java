package io.switchboard.rest.mindhunters;

import static io.switchboard.rest.mindhunters.MindhuntersApi.PREFIX;
import static io.switchboard.rest.mindhunters.MindhuntersJson.envelope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.inventory.PurchasePhoneNumberUseCase;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.rest.Etags;
import io.switchboard.rest.FieldProblems;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.QueryReader;
import io.switchboard.rest.RestSupport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Held numbers (list, get, channel settings, channel snapshots, release) and the inventory (search,
 * buy).
 */
final class PhoneNumberRoutes {
  static final SourceApi SOURCE = SourceApi.REST_MINDHUNTERS;
  static final int MAX_PER_PAGE = 100;
  private static final String NUMBERS = PREFIX + "/phone-numbers";
  private static final String ONE = NUMBERS + "/{uuid}";

  private final RestSupport support;
  private final ListPhoneNumbersUseCase listNumbers;
  private final GetPhoneNumberUseCase getNumber;
  private final UpdatePhoneNumberUseCase updateNumber;
  private final ReleasePhoneNumberUseCase releaseNumber;
  private final SearchAvailableNumbersUseCase searchNumbers;
  private final PurchasePhoneNumberUseCase purchaseNumber;

  PhoneNumberRoutes(
      RestSupport support,
      ListPhoneNumbersUseCase listNumbers,
      GetPhoneNumberUseCase getNumber,
      UpdatePhoneNumberUseCase updateNumber,
      ReleasePhoneNumberUseCase releaseNumber,
      SearchAvailableNumbersUseCase searchNumbers,
      PurchasePhoneNumberUseCase purchaseNumber) {
    this.support = support;
    this.listNumbers = listNumbers;
    this.getNumber = getNumber;
    this.updateNumber = updateNumber;
    this.releaseNumber = releaseNumber;
    this.searchNumbers = searchNumbers;
    this.purchaseNumber = purchaseNumber;
  }

  /**
   * Fixed paths first: Javalin takes the first route that matches, and {uuid} would match "search".
   */
  void register(JavalinConfig config) {
    config.routes.get(NUMBERS, this::list);
    config.routes.post(NUMBERS, this::buy);
    config.routes.get(NUMBERS + "/search", this::search);
    config.routes.get(NUMBERS + "/channels", this::channelsByNumber);
    config.routes.get(ONE, this::get);
    config.routes.patch(ONE, this::updateChannelSettings);
    config.routes.get(ONE + "/channels", this::channelsById);
    config.routes.post(ONE + "/release", this::release);
  }

  private void list(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    QueryReader q = new QueryReader(http, problems);
    long page =
        q.integer("page")
            .map(p -> MindhuntersValues.between(p, 1, 10_000_000))
            .optional()
            .orElse(1L);
    int perPage =
        q.integer("per_page")
            .map(p -> (int) MindhuntersValues.between(p, 1, MAX_PER_PAGE))
            .optional()
            .orElse(25);
    Optional<NumberStatus> status =
        q.string("status")
            .map(s ->
                MindhuntersValues.enumValue(
                    s,
                    NumberStatus.class,
                    NumberStatus.ACTIVE,
                    NumberStatus.PENDING,
                    NumberStatus.INACTIVE))
            .optional();
    Optional<CountryCode> country = q.string("country_code").map(CountryCode::of).optional();
    Optional<NumberType> type =
        q.string("type").map(s -> MindhuntersValues.enumValue(s, NumberType.class)).optional();
    Optional<ComplianceStatus> compliance =
        q.string("compliance")
            .map(s -> MindhuntersValues.enumValue(s, ComplianceStatus.class))
            .optional();
    Optional<String> search = q.string("search").optional();
    var agent = q.string("bound_to_agent_uuid").map(MindhuntersValues::agentId).optional();
    NumberSort sort =
        q.string("sort").map(PhoneNumberRoutes::sort).optional().orElse(sort("created_at"));
    boolean includeExternal =
        q.string("include_external").map(PhoneNumberRoutes::flag).optional().orElse(false);
    problems.throwIfAny();

    NumberFilter filter =
        new NumberFilter(
            status, country, type, compliance, search, agent, Optional.empty(), includeExternal);
    long offset = (page - 1) * perPage;
    Page<PhoneNumberView, NumberCursor> result =
        listNumbers.list(
            ctx, new NumberQuery(filter, sort, perPage, Optional.empty(), offset, true));
    ArrayNode items = JsonBodies.array();
    result.items().forEach(v -> items.add(MindhuntersJson.number(v, false)));
    ObjectNode data = JsonBodies.object();
    data.set("items", items);
    data.set(
        "pagination", pagination(page, perPage, result.total().orElse(0L), result.items().size()));
    support.write(http, JsonResponse.of(200, envelope("Phone numbers retrieved", data)));
  }

  /**
   * Laravel-style page block. {@code created_at} lists newest first; fee and number ascending (the
   * seed documents the fields, not the directions).
   */
  static NumberSort sort(String value) {
    return switch (value) {
      case "created_at" -> new NumberSort(NumberSort.Field.CREATED_AT, true);
      case "monthly_fee" -> new NumberSort(NumberSort.Field.MONTHLY_FEE, false);
      case "number" -> new NumberSort(NumberSort.Field.NUMBER, false);
      default ->
          throw InvalidArgumentException.of("", "must be one of created_at, monthly_fee, number");
    };
  }

  static boolean flag(String value) {
    return switch (value) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw InvalidArgumentException.of("", "must be one of 0, 1, true, false");
    };
  }

  static ObjectNode pagination(long page, int perPage, long total, int count) {
    long lastPage = Math.max(1, (total + perPage - 1) / perPage);
    long offset = (page - 1) * perPage;
    ObjectNode node = JsonBodies.object();
    node.put("current_page", page);
    node.put("per_page", perPage);
    node.put("total", total);
    node.put("last_page", lastPage);
    if (count == 0) {
      node.putNull("from");
      node.putNull("to");
    } else {
      node.put("from", offset + 1);
      node.put("to", offset + count);
    }
    node.put("has_more", page < lastPage);
    return node;
  }

  private void get(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    PhoneNumberView view = getNumber.get(ctx, pathNumber(http));
    support.write(
        http,
        withEtag(
            JsonResponse.of(
                200, envelope("Phone number retrieved", MindhuntersJson.number(view, false))),
            view));
  }

  private void updateChannelSettings(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    PhoneNumberRef ref = pathNumber(http);
    ObjectNode body = support.readObject(http);
    MindhuntersRequests.NumberPatch patch =
        MindhuntersRequests.channelSettings(JsonReader.of(body));
    Optional<String> ifMatch = Etags.ifMatch(http);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "PATCH " + ONE,
            body,
            () -> {
              PhoneNumberView view =
                  updateNumber.update(
                      ctx,
                      new UpdatePhoneNumberUseCase.Command(
                          ref,
                          patch.settings(),
                          RoutingPatch.NONE.withPolicies(patch.policies()),
                          ifMatch));
              // the documented PATCH response has no message
              return withEtag(
                  JsonResponse.of(200, envelope(null, MindhuntersJson.number(view, false))), view);
            }));
  }

  private void channelsById(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    snapshot(http, getNumber.get(ctx, pathNumber(http)));
  }

  private void channelsByNumber(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    E164 number = new QueryReader(http, problems).string("number").map(E164::parse).required();
    problems.throwIfAny();
    snapshot(http, getNumber.get(ctx, PhoneNumberRef.of(number)));
  }

  private void snapshot(Context http, PhoneNumberView view) {
    support.write(
        http,
        withEtag(
            JsonResponse.of(200, envelope("Channels retrieved", MindhuntersJson.snapshot(view))),
            view));
  }

  private void release(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    PhoneNumberRef ref = pathNumber(http);
    Optional<String> ifMatch = Etags.ifMatch(http);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "POST " + ONE + "/release",
            null,
            () -> {
              PhoneNumberView released = releaseNumber.release(ctx, ref, false, ifMatch);
              ObjectNode data = JsonBodies.object();
              data.put("phone_number_uuid", released.number().id().toString());
              data.put("number", released.number().number().value());
              data.put("status", MindhuntersJson.lower(released.number().status()));
              return JsonResponse.of(200, envelope("Phone number released", data));
            }));
  }

  private void search(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    QueryReader q = new QueryReader(http, problems);
    Optional<CountryCode> country = q.string("country_code").map(CountryCode::of).optional();
    Optional<NumberType> type =
        q.string("type").map(s -> MindhuntersValues.enumValue(s, NumberType.class)).optional();
    Optional<String> pattern = q.string("pattern").optional();
    Optional<String> areaCode = q.string("area_code").optional();
    int limit =
        q.integer("limit")
            .map(l -> (int) MindhuntersValues.between(l, 1, InventorySearch.MAX_LIMIT))
            .optional()
            .orElse(10);
    problems.throwIfAny();
    List<AvailableNumber> offers =
        searchNumbers.search(ctx, new InventorySearch(country, type, pattern, areaCode, limit));
    ArrayNode items = JsonBodies.array();
    offers.forEach(o -> items.add(MindhuntersJson.offer(o)));
    ObjectNode data = JsonBodies.object();
    data.set("items", items);
    support.write(http, JsonResponse.of(200, envelope("Available numbers", data)));
  }

  /**
   * Buy a number returned by the search. The body carries the offer back (fee, capabilities,
   * location...); those are checked for form only, the stock's own values are what the number gets.
   */
  private void buy(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    ObjectNode body = support.readObject(http);
    JsonReader r =
        JsonReader.of(body)
            .allowOnly(
                "number",
                "country_code",
                "type",
                "monthly_fee",
                "capabilities",
                "location",
                "address",
                "requirements");
    E164 number = r.string("number").map(E164::parse).required();
    r.string("country_code").map(CountryCode::of);
    r.string("type").map(s -> MindhuntersValues.enumValue(s, NumberType.class));
    r.decimal("monthly_fee").map(PhoneNumberRoutes::nonNegative);
    r.object("capabilities")
        .optional()
        .ifPresent(c -> {
          c.allowOnly("voice", "sms", "mms", "fax", "emergency", "local_calling");
          List.of("voice", "sms", "mms", "fax", "emergency", "local_calling").forEach(c::bool);
        });
    r.string("location");
    r.object("address")
        .optional()
        .ifPresent(a -> {
          List<String> fields =
              List.of(
                  "first_name",
                  "last_name",
                  "business_name",
                  "phone_number",
                  "street_address",
                  "extended_address",
                  "locality",
                  "administrative_area",
                  "postal_code",
                  "country_code");
          a.allowOnly(fields.toArray(String[]::new));
          fields.forEach(a::string);
        });
    r.objectArray("requirements")
        .optional()
        .ifPresent(list ->
            list.forEach(req -> {
              req.allowOnly("key", "requirement_id", "value", "document_id");
              req.string("key");
              req.string("requirement_id").map(MindhuntersValues::uuid);
              req.string("value");
              req.string("document_id");
            }));
    r.finish();
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "POST " + NUMBERS,
            body,
            () -> {
              PhoneNumberView view = purchaseNumber.purchase(ctx, number);
              return withEtag(
                  JsonResponse.of(
                      201, envelope("Phone number purchased", MindhuntersJson.number(view, true))),
                  view);
            }));
  }

  private static BigDecimal nonNegative(BigDecimal value) {
    if (value.signum() < 0) {
      throw InvalidArgumentException.of("", "must not be negative");
    }
    return value;
  }

  static PhoneNumberRef pathNumber(Context http) {
    try {
      return PhoneNumberRef.of(PhoneNumberId.parse(http.pathParam("uuid")));
    } catch (InvalidArgumentException e) {
      throw e.under("uuid");
    }
  }

  static JsonResponse withEtag(JsonResponse response, PhoneNumberView view) {
    return response.withHeader(Etags.ETAG, Etags.strong(view.etag()));
  }
}
