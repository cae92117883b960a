package io.switchboard.rest.mindhunters;

import io.javalin.config.JavalinConfig;
import io.switchboard.domain.common.RequestId;
import io.switchboard.rest.Dialect;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.RestSupport;

/** The Mindhunters / Mihu public API under {@code /api/v1} (seeds 000, 001, 002). */
public final class MindhuntersApi implements Dialect {
  static final String PREFIX = "/api/v1";

  private final RestSupport support;

  public MindhuntersApi(RestSupport support) {
    this.support = support;
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
    // trunk paths before the number paths: /phone-numbers/{uuid} would also match /phone-numbers/trunks
    new TrunkRoutes(support).register(config);
    new PhoneNumberRoutes(support).register(config);
    new AgentChannelRoutes(support).register(config);
  }

  @Override
  public JsonResponse renderError(Throwable failure, RequestId requestId) {
    return MindhuntersErrors.render(failure, requestId);
  }
}
