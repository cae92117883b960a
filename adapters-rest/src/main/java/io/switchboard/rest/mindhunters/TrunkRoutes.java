package io.switchboard.rest.mindhunters;

import static io.switchboard.rest.mindhunters.MindhuntersApi.PREFIX;
import static io.switchboard.rest.mindhunters.MindhuntersJson.envelope;
import static io.switchboard.rest.mindhunters.PhoneNumberRoutes.SOURCE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.Page;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.ListTrunkNumbersUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.TrunkView;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkName;
import io.switchboard.rest.Etags;
import io.switchboard.rest.FieldProblems;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.QueryReader;
import io.switchboard.rest.RestSupport;
import java.util.Optional;

/**
 * External SIP trunks (bring-your-own numbers), keyed by (phone_number, channel). Create, update
 * and assign answer with the number's channel snapshot and its ETag; an If-Match on them names that
 * same etag, and the use case checks it under the number's row lock.
 */
final class TrunkRoutes {
  private static final String TRUNKS = PREFIX + "/phone-numbers/trunks";

  private final RestSupport support;
  private final ListTrunkNumbersUseCase listTrunkNumbers;
  private final RegisterTrunkUseCase registerTrunk;
  private final UpdateTrunkUseCase updateTrunk;
  private final AssignTrunkUseCase assignTrunk;
  private final DeleteTrunkUseCase deleteTrunk;

  TrunkRoutes(
      RestSupport support,
      ListTrunkNumbersUseCase listTrunkNumbers,
      RegisterTrunkUseCase registerTrunk,
      UpdateTrunkUseCase updateTrunk,
      AssignTrunkUseCase assignTrunk,
      DeleteTrunkUseCase deleteTrunk) {
    this.support = support;
    this.listTrunkNumbers = listTrunkNumbers;
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

  /**
   * The organization's external numbers that have a trunk (on the given channel), each once, page
   * by page.
   */
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
            .map(p -> (int) MindhuntersValues.between(p, 1, PhoneNumberRoutes.MAX_PER_PAGE))
            .optional()
            .orElse(25);
    Optional<TrunkChannel> channel = q.string("channel").map(TrunkRoutes::channel).optional();
    problems.throwIfAny();

    Page<PhoneNumberView, Void> numbers =
        listTrunkNumbers.list(ctx, channel, (page - 1) * perPage, perPage);
    long total = numbers.total().orElseThrow();
    ArrayNode items = JsonBodies.array();
    numbers.items().forEach(view -> items.add(MindhuntersJson.number(view, true)));
    ObjectNode data = JsonBodies.object();
    data.set("items", items);
    data.set(
        "pagination", PhoneNumberRoutes.pagination(page, perPage, total, numbers.items().size()));
    support.write(http, JsonResponse.of(200, envelope("Trunks retrieved", data)));
  }

  private void create(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    ObjectNode body = support.readObject(http);
    JsonReader r =
        JsonReader.of(body)
            .allowOnly(
                "phone_number",
                "agent_uuid",
                "channel",
                "name",
                "direction",
                "sip",
                "additional_settings");
    E164 number = r.string("phone_number").map(E164::parse).required();
    Optional<AgentId> agent = r.string("agent_uuid").map(MindhuntersValues::agentId).optional();
    TrunkChannel channel = r.string("channel").map(TrunkRoutes::channel).required();
    Optional<TrunkName> name = r.string("name").map(TrunkName::new).optional();
    Optional<TrunkDirection> direction =
        r.string("direction").map(TrunkRoutes::direction).optional();
    SipInput sip = MindhuntersRequests.sip(r);
    AdditionalSettings settings =
        MindhuntersRequests.additionalSettings(r)
            .applyTo(AdditionalSettings.EMPTY, AdditionalSettings.EMPTY);
    r.finish();
    var command =
        new RegisterTrunkUseCase.Command(
            number, channel, agent, name, direction, sip, settings, BindingConflictPolicy.REJECT);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "POST " + TRUNKS,
            body,
            () -> snapshot(201, "Trunk created", registerTrunk.register(ctx, command).number())));
  }

  private void update(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    ObjectNode body = support.readObject(http);
    JsonReader r =
        JsonReader.of(body)
            .allowOnly(
                "phone_number", "channel", "name", "direction", "sip", "additional_settings");
    E164 number = r.string("phone_number").map(E164::parse).required();
    TrunkChannel channel = r.string("channel").map(TrunkRoutes::channel).required();
    // "" puts the default name back ({channel}_trunk_{digits})
    Patch<TrunkName> name = r.string("name").toPatch(String::isEmpty, TrunkName::new);
    Patch<TrunkDirection> direction =
        r.string("direction").<TrunkDirection>map(TrunkRoutes::direction).toPatch();
    SipInput sip = MindhuntersRequests.sip(r);
    Patch<AdditionalSettings> settings = MindhuntersRequests.additionalSettings(r);
    r.finish();
    Optional<String> ifMatch = Etags.ifMatch(http);
    var command =
        new UpdateTrunkUseCase.Command(
                new TrunkRef.ByKey(number, channel),
                name,
                direction,
                sip,
                settings,
                Optional.empty())
            .withExpectedNumberEtag(ifMatch);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "PATCH " + TRUNKS,
            body,
            () -> snapshot(200, "Trunk updated", updateTrunk.update(ctx, command).number())));
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
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "PUT " + TRUNKS + "/assign",
            body,
            () -> {
              var result =
                  assignTrunk.assign(
                      ctx,
                      new TrunkRef.ByKey(number, channel),
                      agent,
                      force ? BindingConflictPolicy.FORCE : BindingConflictPolicy.REJECT,
                      ifMatch);
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
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "DELETE " + TRUNKS,
            null,
            () -> {
              TrunkView deleted =
                  deleteTrunk.delete(ctx, new TrunkRef.ByKey(number, channel), ifMatch);
              ObjectNode data = JsonBodies.object();
              data.put("phone_number", deleted.trunk().number().value());
              data.put("channel", MindhuntersJson.lower(deleted.trunk().channel()));
              data.put("deleted", true);
              return JsonResponse.of(200, envelope("Trunk deleted", data));
            }));
  }

  private static JsonResponse snapshot(int status, String message, PhoneNumberView view) {
    return PhoneNumberRoutes.withEtag(
        JsonResponse.of(status, envelope(message, MindhuntersJson.snapshot(view))), view);
  }

  static TrunkChannel channel(String value) {
    return MindhuntersValues.enumValue(value, TrunkChannel.class);
  }

  static TrunkDirection direction(String value) {
    return MindhuntersValues.enumValue(value, TrunkDirection.class);
  }
}
