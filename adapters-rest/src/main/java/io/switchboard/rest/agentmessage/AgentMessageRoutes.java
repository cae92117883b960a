package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.rest.Dialect;
import io.switchboard.rest.Etags;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.RestApi;
import io.switchboard.rest.RestSupport;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The AgentMessage public API under {@code /v1/phone-numbers} (seed 004), in the {@code {success,
 * data, meta}} envelope.
 *
 * <ul>
 *   <li>{@code GET /v1/phone-numbers}: newest first, {@code cursor} ({@link AgentMessageCursor}),
 *       {@code limit} 1..100 (20), filters {@code number_type}, {@code campaign_id}, {@code
 *       search}; {@code meta.next_cursor} is null on the last page. Since {@code local} covers
 *       several of our types it is filtered on each page, which may then hold fewer than {@code
 *       limit} items while the cursor advances, as the dialect documents.
 *   <li>{@code GET|PATCH|DELETE /v1/phone-numbers/{id}}: read, update routing, release ({@code
 *       return_to_carrier} needs {@code platform:inventory:write} as well).
 *   <li>{@code POST /v1/phone-numbers/search}: preview available numbers; {@code POST
 *       /v1/phone-numbers/orders}: assign specific numbers all or nothing.
 * </ul>
 *
 * The dialect documents {@code numbers:write} for every mutation and for search; it is checked
 * before the request is read, so a key without it learns nothing about its request's validity.
 * Mutations honour {@code Idempotency-Key} and {@code If-Match}.
 */
public final class AgentMessageRoutes implements Dialect {
  static final String PREFIX = "/v1/phone-numbers";
  private static final String ONE = PREFIX + "/{id}";
  private static final String SEARCH = PREFIX + "/search";
  private static final String ORDERS = PREFIX + "/orders";

  private final RestSupport support;
  private final ListPhoneNumbersUseCase listNumbers;
  private final GetPhoneNumberUseCase getNumber;
  private final UpdatePhoneNumberUseCase updateNumber;
  private final ReleasePhoneNumberUseCase releaseNumber;
  private final SearchAvailableNumbersUseCase searchNumbers;
  private final OrderPhoneNumbersUseCase orderNumbers;
  private final TokenSigner tokenSigner;

  public AgentMessageRoutes(
      RestSupport support,
      ListPhoneNumbersUseCase listNumbers,
      GetPhoneNumberUseCase getNumber,
      UpdatePhoneNumberUseCase updateNumber,
      ReleasePhoneNumberUseCase releaseNumber,
      SearchAvailableNumbersUseCase searchNumbers,
      OrderPhoneNumbersUseCase orderNumbers,
      TokenSigner tokenSigner) {
    this.support = support;
    this.listNumbers = listNumbers;
    this.getNumber = getNumber;
    this.updateNumber = updateNumber;
    this.releaseNumber = releaseNumber;
    this.searchNumbers = searchNumbers;
    this.orderNumbers = orderNumbers;
    this.tokenSigner = tokenSigner;
  }

  /** The dialect over the use cases it calls. */
  public static AgentMessageRoutes of(RestSupport support, RestApi.InboundPorts in) {
    return new AgentMessageRoutes(
        support,
        in.listPhoneNumbers(),
        in.getPhoneNumber(),
        in.updatePhoneNumber(),
        in.releasePhoneNumber(),
        in.searchAvailableNumbers(),
        in.orderPhoneNumbers(),
        in.tokenSigner());
  }

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public String name() {
    return "agentmessage";
  }

  @Override
  public void registerRoutes(JavalinConfig config) {
    config.routes.get(PREFIX, this::list);
    config.routes.post(SEARCH, this::search);
    config.routes.post(ORDERS, this::order);
    config.routes.get(ONE, this::get);
    config.routes.patch(ONE, this::update);
    config.routes.delete(ONE, this::release);
  }

  @Override
  public JsonResponse renderError(Throwable failure, RequestId requestId) {
    return AgentMessageErrors.render(failure, requestId);
  }

  private void list(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
    AgentMessageRequests.ListQuery q =
        AgentMessageRequests.listQuery(
            http.queryParam("limit"),
            http.queryParam("cursor"),
            http.queryParam("number_type"),
            http.queryParam("campaign_id"),
            http.queryParam("search"),
            tokenSigner);
    if (q.kind().filter(k -> k == AgentMessageNumberTypes.SHORT_CODE).isPresent()) {
      ctx.require(Scope.NUMBERS_READ);
      support.write(
          http,
          JsonResponse.of(
              200, AgentMessageJson.list(List.of(), q.limit(), Optional.empty(), Optional.of(0L))));
      return;
    }
    Optional<NumberType> exactType = q.kind().flatMap(AgentMessageNumberTypes::exactDomainType);
    // without an exact store filter the total would count numbers this page leaves out, so none is
    // given
    boolean filteredHere = q.kind().isPresent() && exactType.isEmpty();
    NumberFilter filter =
        new NumberFilter(
            Optional.empty(),
            Optional.empty(),
            exactType,
            Optional.empty(),
            q.search(),
            Optional.empty(),
            q.campaign(),
            true);
    Page<PhoneNumberView, NumberCursor> page =
        listNumbers.list(
            ctx,
            new NumberQuery(
                filter, NumberSort.NEWEST_FIRST, q.limit(), q.cursor(), 0, !filteredHere));
    List<ObjectNode> items =
        page.items().stream()
            .filter(v -> q.kind().map(k -> k.matches(v.number().type())).orElse(true))
            .map(AgentMessageJson::phoneNumber)
            .toList();
    support.write(
        http,
        JsonResponse.of(
            200,
            AgentMessageJson.list(
                items,
                q.limit(),
                page.next().map(c -> AgentMessageCursor.encode(c, tokenSigner)),
                page.total())));
  }

  private void get(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
    PhoneNumberRef ref = PhoneNumberRef.of(AgentMessageRequests.pathId(http.pathParam("id")));
    support.write(http, resource(getNumber.get(ctx, ref)));
  }

  private void update(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
    ctx.require(Scope.NUMBERS_WRITE);
    PhoneNumberRef ref = PhoneNumberRef.of(AgentMessageRequests.pathId(http.pathParam("id")));
    ObjectNode body = support.readObject(http);
    RoutingPatch patch = AgentMessageRequests.routingPatch(body);
    var command =
        UpdatePhoneNumberUseCase.Command.routing(ref, patch).withExpectedEtag(Etags.ifMatch(http));
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "PATCH " + ONE,
            body,
            () -> resource(updateNumber.update(ctx, command))));
  }

  private void release(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
    ctx.require(Scope.NUMBERS_WRITE);
    PhoneNumberRef ref = PhoneNumberRef.of(AgentMessageRequests.pathId(http.pathParam("id")));
    boolean returnToCarrier =
        AgentMessageRequests.returnToCarrier(http.queryParam("return_to_carrier"));
    Optional<String> etag = Etags.ifMatch(http);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            returnToCarrier
                ? Set.of(Scope.NUMBERS_WRITE, Scope.INVENTORY_WRITE)
                : RestSupport.NUMBERS_WRITE,
            "DELETE " + ONE,
            null,
            () -> {
              releaseNumber.release(ctx, ref, returnToCarrier, etag);
              ObjectNode data = JsonBodies.object();
              data.put("status", "released");
              return JsonResponse.of(200, AgentMessageJson.success(data));
            }));
  }

  private void search(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
    ctx.require(Scope.NUMBERS_WRITE);
    AgentMessageRequests.Search search = AgentMessageRequests.search(support.readObject(http));
    List<AvailableNumber> found = searchNumbers.search(ctx, search.inventory());
    ArrayNode data = JsonBodies.array();
    found.stream()
        .filter(offer -> search.kind().map(k -> k.matches(offer.type())).orElse(true))
        .limit(search.quantity())
        .map(AgentMessageJson::availableNumber)
        .forEach(data::add);
    support.write(http, JsonResponse.of(200, AgentMessageJson.success(data)));
  }

  private void order(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
    ctx.require(Scope.NUMBERS_WRITE);
    ObjectNode body = support.readObject(http);
    var command = AgentMessageRequests.order(body);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "POST " + ORDERS,
            body,
            () -> {
              ArrayNode data = JsonBodies.array();
              orderNumbers
                  .order(ctx, command)
                  .forEach(v -> data.add(AgentMessageJson.phoneNumber(v)));
              return JsonResponse.of(200, AgentMessageJson.success(data));
            }));
  }

  private static JsonResponse resource(PhoneNumberView view) {
    return JsonResponse.of(200, AgentMessageJson.success(AgentMessageJson.phoneNumber(view)))
        .withHeader(Etags.ETAG, Etags.strong(view.etag()));
  }
}
