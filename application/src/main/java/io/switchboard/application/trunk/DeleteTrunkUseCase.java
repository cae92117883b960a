package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;

/**
 * Remove a trunk and the binding on its channel. Nothing is billed or released: when the external number has no
 * trunks or bindings left, it is forgotten.
 */
public interface DeleteTrunkUseCase {
  TrunkView delete(RequestContext ctx, TrunkRef ref);
}
