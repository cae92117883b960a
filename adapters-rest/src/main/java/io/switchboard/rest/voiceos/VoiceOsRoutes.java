package io.switchboard.rest.voiceos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.rest.Dialect;
import io.switchboard.rest.Etags;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.RestApi;
import io.switchboard.rest.RestSupport;
import java.util.Optional;

/**
 * The VoiceOS public API under {@code /phone_numbers} (seed 003): bare resources, FastAPI-style
 * errors.
 *
 * <ul>
 *   <li>{@code GET /phone_numbers?index=1&size=100}: the organization's numbers (purchased and
 *       external), oldest first, as {@code {"items": [...], "index": 1, "has_next": false}} (the
 *       VoiceOS SDK's pagination shape); {@code index} counts pages from 1, {@code size} is
 *       1..1000.
 *   <li>{@code GET /phone_numbers/{phone_number}}: one number by its E.164 value, with or without
 *       {@code +}, URL-encoded or not.
 *   <li>{@code PATCH /phone_numbers/{phone_number}}: {@code inbound_agent_id} and {@code webhooks},
 *       see {@link VoiceOsRequests}.
 *   <li>{@code DELETE /phone_numbers/{phone_number}?release_phone_number=false}: detach: the
 *       inbound agent and the webhooks are removed and the number is kept. With {@code true} the
 *       number is released (its routing and bindings cleared, 30 days of quarantine). Either way
 *       the answer is the resource as it is afterwards.
 * </ul>
 *
 * Mutations honour {@code Idempotency-Key} and {@code If-Match}; single resources carry an {@code
 * ETag}.
 */
public final class VoiceOsRoutes implements Dialect {
  static final String PREFIX = "/phone_numbers";
  private static final String ONE = PREFIX + "/{phone_number}";

  private final RestSupport support;
  private final ListPhoneNumbersUseCase listNumbers;
  private final GetPhoneNumberUseCase getNumber;
  private final UpdatePhoneNumberUseCase updateNumber;
  private final ReleasePhoneNumberUseCase releaseNumber;

  public VoiceOsRoutes(
      RestSupport support,
      ListPhoneNumbersUseCase listNumbers,
      GetPhoneNumberUseCase getNumber,
      UpdatePhoneNumberUseCase updateNumber,
      ReleasePhoneNumberUseCase releaseNumber) {
    this.support = support;
    this.listNumbers = listNumbers;
    this.getNumber = getNumber;
    this.updateNumber = updateNumber;
    this.releaseNumber = releaseNumber;
  }

  /** The dialect over the use cases it calls. */
  public static VoiceOsRoutes of(RestSupport support, RestApi.InboundPorts in) {
    return new VoiceOsRoutes(
        support,
        in.listPhoneNumbers(),
        in.getPhoneNumber(),
        in.updatePhoneNumber(),
        in.releasePhoneNumber());
  }

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public String name() {
    return "voiceos";
  }

  @Override
  public void registerRoutes(JavalinConfig config) {
    config.routes.get(PREFIX, this::list);
    config.routes.get(ONE, this::get);
    config.routes.patch(ONE, this::update);
    config.routes.delete(ONE, this::delete);
  }

  @Override
  public JsonResponse renderError(Throwable failure, RequestId requestId) {
    return VoiceOsErrors.toResponse(failure);
  }

  private void list(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_VOICEOS);
    VoiceOsRequests.PageParams page =
        VoiceOsRequests.pageParams(
            http.queryParam("index"),
            http.queryParam("size"),
            http.queryParam("created_after"),
            http.queryParam("created_before"));
    Page<PhoneNumberView, NumberCursor> found =
        listNumbers.list(
            ctx,
            new NumberQuery(
                NumberFilter.EVERYTHING,
                NumberSort.OLDEST_FIRST,
                page.size(),
                Optional.empty(),
                page.offset(),
                false));
    support.write(
        http,
        JsonResponse.of(
            200, VoiceOsJson.page(found.items(), page.index(), found.next().isPresent())));
  }

  private void get(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_VOICEOS);
    PhoneNumberRef ref = ref(http);
    support.write(http, resource(getNumber.get(ctx, ref)));
  }

  private void update(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_VOICEOS);
    PhoneNumberRef ref = ref(http);
    ObjectNode body = support.readObject(http);
    RoutingPatch patch = VoiceOsRequests.routingPatch(body);
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

  private void delete(Context http) {
    RequestContext ctx = support.authenticate(http, SourceApi.REST_VOICEOS);
    PhoneNumberRef ref = ref(http);
    boolean release = VoiceOsRequests.releaseFlag(http.queryParam("release_phone_number"));
    Optional<String> etag = Etags.ifMatch(http);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "DELETE " + ONE,
            null,
            () -> {
              if (release) {
                return resource(releaseNumber.release(ctx, ref, false, etag));
              }
              RoutingPatch detach =
                  RoutingPatch.NONE.withInboundAgent(Patch.clear()).withWebhooks(Patch.clear());
              return resource(
                  updateNumber.update(
                      ctx,
                      UpdatePhoneNumberUseCase.Command.routing(ref, detach)
                          .withExpectedEtag(etag)));
            }));
  }

  private static PhoneNumberRef ref(Context http) {
    return PhoneNumberRef.of(VoiceOsRequests.phoneNumberKey(http.pathParam("phone_number")));
  }

  private static JsonResponse resource(PhoneNumberView view) {
    return JsonResponse.of(200, VoiceOsJson.phoneNumber(view))
        .withHeader(Etags.ETAG, Etags.strong(view.etag()));
  }
}
