package io.switchboard.rest.mindhunters;

import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.trunk.ListTrunksUseCase;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.port.query.Page;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.TrunkView;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkName;
import io.switchboard.rest.Etags;
import io.switchboard.rest.FieldProblems;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.QueryReader;
import io.switchboard.rest.RestSupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import static io.switchboard.rest.mindhunters.MindhuntersApi.PREFIX;
import static io.switchboard.rest.mindhunters.MindhuntersJson.envelope;
import static io.switchboard.rest.mindhunters.PhoneNumberRoutes.SOURCE;

/**
 * External SIP trunks (bring-your-own numbers), keyed by (phone_number, channel). Create, update and assign answer
 * with the number's channel snapshot and its ETag; an If-Match on them is checked against that same etag.
 */
final class TrunkRoutes {
  private static final String TRUNKS = PREFIX + "/phone-numbers/trunks";
  private static final int SCAN_PAGE = 500;

  private final RestSupport support;
  private final ListTrunksUseCase listTrunks;
  private final GetPhoneNumberUseCase getNumber;
  private final RegisterTrunkUseCase registerTrunk;
  private final UpdateTrunkUseCase updateTrunk;
  private final AssignTrunkUseCase assignTrunk;
  private final DeleteTrunkUseCase deleteTrunk;

  TrunkRoutes(RestSupport support, ListTrunksUseCase listTrunks, GetPhoneNumberUseCase getNumber,
      RegisterTrunkUseCase registerTrunk, UpdateTrunkUseCase updateTrunk, AssignTrunkUseCase assignTrunk,
      DeleteTrunkUseCase deleteTrunk) {
    this.support = support;
    this.listTrunks = listTrunks;
    this.getNumber = getNumber;
    this.registerTrunk = registerTrunk;
    this.updateTrunk = updateTrunk;
    this.assignTrunk = assignTrunk;
    this.deleteTrunk = deleteTrunk;
  }

  void register(JavalinConfig config) {
    config.routes.get(TRUNKS, this::list);
    config.routes.post(TRUNKS, this::create);
    config.routes.patch(TRUNKS, this::update);
    config.routes.delete(TRUNKS, this::delete);
    config.routes.put(TRUNKS + "/assign", this::assign);
  }

  /** The organization's external numbers that have a trunk (on the given channel), each once, page by page. */
  private void list(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    QueryReader q = new QueryReader(http, problems);
    long page = q.integer("page").map(p -> MindhuntersValues.between(p, 1, 10_000_000)).optional().orElse(1L);
    int perPage = q.integer("per_page")
        .map(p -> (int) MindhuntersValues.between(p, 1, PhoneNumberRoutes.MAX_PER_PAGE)).optional().orElse(25);
    Optional<TrunkChannel> channel = q.string("channel").map(TrunkRoutes::channel).optional();
    problems.throwIfAny();

    // trunks are few per organization (one per BYO number and channel); the use case pages by key, so walk it
    var numberIds = new LinkedHashSet<PhoneNumberId>();
    Optional<TrunkId> after = Optional.empty();
    do {
      Page<TrunkView, TrunkId> trunks = listTrunks.list(ctx, channel, SCAN_PAGE, after);
      trunks.items().forEach(t -> numberIds.add(t.trunk().phoneNumberId()));
      after = trunks.next();
    } while (after.isPresent());
    List<PhoneNumberId> all = new ArrayList<>(numberIds);
    long from = Math.min(all.size(), (page - 1) * perPage);
    List<PhoneNumberId> slice = all.subList((int) from, (int) Math.min(all.size(), from + perPage));
    ArrayNode items = JsonBodies.array();
    for (PhoneNumberId id : slice) {
      items.add(MindhuntersJson.number(getNumber.get(ctx, PhoneNumberRef.of(id)), true));
    }
    ObjectNode data = JsonBodies.object();
    data.set("items", items);
    data.set("pagination", PhoneNumberRoutes.pagination(page, perPage, all.size(), slice.size()));
    support.write(http, JsonResponse.of(200, envelope("Trunks retrieved", data)));
  }

  private void create(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    ObjectNode body = support.readObject(http);
    JsonReader r = JsonReader.of(body).allowOnly("phone_number", "agent_uuid", "channel", "name", "direction", "sip",
        "additional_settings");
    E164 number = r.string("phone_number").map(E164::parse).required();
    Optional<AgentId> agent = r.string("agent_uuid").map(MindhuntersValues::agentId).optional();
    TrunkChannel channel = r.string("channel").map(TrunkRoutes::channel).required();
    Optional<TrunkName> name = r.string("name").map(TrunkName::new).optional();
    Optional<TrunkDirection> direction = r.string("direction").map(TrunkRoutes::direction).optional();
    SipInput sip = MindhuntersRequests.sip(r);
    AdditionalSettings settings = MindhuntersRequests.additionalSettings(r).applyTo(AdditionalSettings.EMPTY,
        AdditionalSettings.EMPTY);
    r.finish();
    var command = new RegisterTrunkUseCase.Command(number, channel, agent, name, direction, sip, settings,
        BindingConflictPolicy.REJECT);
    support.write(http, support.idempotent(http, ctx, RestSupport.NUMBERS_WRITE, "POST " + TRUNKS, body, () ->
        snapshot(201, "Trunk created", registerTrunk.register(ctx, command).number())));
  }

  private void update(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    ObjectNode body = support.readObject(http);
    JsonReader r = JsonReader.of(body).allowOnly("phone_number", "channel", "name", "direction", "sip",
        "additional_settings");
    E164 number = r.string("phone_number").map(E164::parse).required();
    TrunkChannel channel = r.string("channel").map(TrunkRoutes::channel).required();
    // "" puts the default name back ({channel}_trunk_{digits})
    Patch<TrunkName> name = r.string("name").toPatch(String::isEmpty, TrunkName::new);
    Patch<TrunkDirection> direction = r.string("direction").<TrunkDirection>map(TrunkRoutes::direction).toPatch();
    SipInput sip = MindhuntersRequests.sip(r);
    Patch<AdditionalSettings> settings = MindhuntersRequests.additionalSettings(r);
    r.finish();
    Optional<String> ifMatch = Etags.ifMatch(http);
    var command = new UpdateTrunkUseCase.Command(new TrunkRef.ByKey(number, channel), name, direction, sip, settings,
        Optional.empty());
    support.write(http, support.idempotent(http, ctx, RestSupport.NUMBERS_WRITE, "PATCH " + TRUNKS, body, () -> {
      requireCurrent(ctx, number, ifMatch);
      return snapshot(200, "Trunk updated", updateTrunk.update(ctx, command).number());
    }));
  }

  private void assign(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    ObjectNode body = support.readObject(http);
    JsonReader r = JsonReader.of(body).allowOnly("phone_number", "channel", "agent_uuid", "force");
    E164 number = r.string("phone_number").map(E164::parse).required();
    TrunkChannel channel = r.string("channel").map(TrunkRoutes::channel).required();
    AgentId agent = r.string("agent_uuid").map(MindhuntersValues::agentId).required();
    boolean force = r.bool("force").optional().orElse(false);
    r.finish();
    Optional<String> ifMatch = Etags.ifMatch(http);
    support.write(http, support.idempotent(http, ctx, RestSupport.NUMBERS_WRITE, "PUT " + TRUNKS + "/assign", body, () -> {
      requireCurrent(ctx, number, ifMatch);
      var result = assignTrunk.assign(ctx, new TrunkRef.ByKey(number, channel), agent,
          force ? BindingConflictPolicy.FORCE : BindingConflictPolicy.REJECT);
      return snapshot(200, "Trunk assigned", result.number());
    }));
  }

  private void delete(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    QueryReader q = new QueryReader(http, problems);
    // a raw "+" in a query string decodes to a space; E164.parse accepts both forms
    E164 number = q.string("phone_number").map(E164::parse).required();
    TrunkChannel channel = q.string("channel").map(TrunkRoutes::channel).required();
    problems.throwIfAny();
    Optional<String> ifMatch = Etags.ifMatch(http);
    support.write(http, support.idempotent(http, ctx, RestSupport.NUMBERS_WRITE, "DELETE " + TRUNKS, null, () -> {
      requireCurrent(ctx, number, ifMatch);
      TrunkView deleted = deleteTrunk.delete(ctx, new TrunkRef.ByKey(number, channel));
      ObjectNode data = JsonBodies.object();
      data.put("phone_number", deleted.trunk().number().value());
      data.put("channel", MindhuntersJson.lower(deleted.trunk().channel()));
      data.put("deleted", true);
      return JsonResponse.of(200, envelope("Trunk deleted", data));
    }));
  }

  /**
   * If-Match names the etag of the number's snapshot (what these endpoints return); checked in the transaction of the
   * change, before it.
   */
  private void requireCurrent(RequestContext ctx, E164 number, Optional<String> ifMatch) {
    if (ifMatch.isPresent()
        && !getNumber.get(ctx, PhoneNumberRef.of(number)).etag().equals(ifMatch.get())) {
      throw ConcurrencyConflictException.staleEtag("phone number");
    }
  }

  private static JsonResponse snapshot(int status, String message, PhoneNumberView view) {
    return PhoneNumberRoutes.withEtag(JsonResponse.of(status, envelope(message, MindhuntersJson.snapshot(view))), view);
  }

  static TrunkChannel channel(String value) {
    return MindhuntersValues.enumValue(value, TrunkChannel.class);
  }

  static TrunkDirection direction(String value) {
    return MindhuntersValues.enumValue(value, TrunkDirection.class);
  }
}
