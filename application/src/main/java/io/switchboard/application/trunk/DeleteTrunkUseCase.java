package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import java.util.Optional;

/**
 * Remove a trunk and the binding on its channel. Nothing is billed or released: when the external
 * number has no trunks or bindings left, it is forgotten.
 */
public interface DeleteTrunkUseCase {
  default TrunkView delete(RequestContext ctx, TrunkRef ref) {
    return delete(ctx, ref, Optional.empty());
  }

  /**
   * @param expectedNumberEtag the etag of the trunk's number, checked under the number's row lock
   */
  TrunkView delete(RequestContext ctx, TrunkRef ref, Optional<String> expectedNumberEtag);
}
