package io.switchboard.rest.mindhunters;

import io.javalin.config.JavalinConfig;
import io.switchboard.domain.common.RequestId;
import io.switchboard.rest.Dialect;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.RestApi;
import io.switchboard.rest.RestSupport;

/** The Mindhunters / Mihu public API under {@code /api/v1} (seeds 000, 001, 002). */
public final class MindhuntersApi implements Dialect {
  static final String PREFIX = "/api/v1";

  private final RestSupport support;
  private final RestApi.InboundPorts in;

  /**
   * The dialect over the use cases it calls; each route class is handed exactly the interfaces it
   * needs.
   */
  public MindhuntersApi(RestSupport support, RestApi.InboundPorts in) {
    this.support = support;
    this.in = in;
  }

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public String name() {
    return "mindhunters";
  }

  @Override
  public void registerRoutes(JavalinConfig config) {
    // trunk paths before the number paths: /phone-numbers/{uuid} would also match
    // /phone-numbers/trunks
    new TrunkRoutes(
            support,
            in.listTrunkNumbers(),
            in.registerTrunk(),
            in.updateTrunk(),
            in.assignTrunk(),
            in.deleteTrunk())
        .register(config);
    new PhoneNumberRoutes(
            support,
            in.listPhoneNumbers(),
            in.getPhoneNumber(),
            in.updatePhoneNumber(),
            in.releasePhoneNumber(),
            in.searchAvailableNumbers(),
            in.purchasePhoneNumber())
        .register(config);
    new AgentChannelRoutes(support, in.bindAgent(), in.unbindAgent()).register(config);
    new AuditEventRoutes(support, in.listChanges(), in.exportChanges(), in.tokenSigner())
        .register(config);
  }

  @Override
  public JsonResponse renderError(Throwable failure, RequestId requestId) {
    return MindhuntersErrors.render(failure, requestId);
  }
}
