package io.switchboard.rest.testing;

import io.switchboard.application.UseCaseServices;
import io.switchboard.rest.RestApi;

/** The use cases the REST dialects call, taken from a test application's services. */
public final class RestPorts {
  private RestPorts() {}

  public static RestApi.InboundPorts of(UseCaseServices u) {
    return new RestApi.InboundPorts(
        u.authenticate(),
        u.getPhoneNumber(),
        u.listPhoneNumbers(),
        u.updatePhoneNumber(),
        u.releasePhoneNumber(),
        u.searchAvailableNumbers(),
        u.purchasePhoneNumber(),
        u.orderPhoneNumbers(),
        u.registerTrunk(),
        u.listTrunkNumbers(),
        u.updateTrunk(),
        u.assignTrunk(),
        u.deleteTrunk(),
        u.bindAgent(),
        u.unbindAgent(),
        u.idempotency(),
        u.tokenSigner());
  }
}
