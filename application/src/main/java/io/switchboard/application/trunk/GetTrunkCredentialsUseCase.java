package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import java.util.Optional;

/** Internal callers that dial out through a trunk read its credentials, opened for them only. */
public interface GetTrunkCredentialsUseCase {
  Credentials credentials(RequestContext ctx, TrunkRef ref);

  record Credentials(TrunkView trunk, Optional<String> username, Optional<String> password) {
    @Override
    public String toString() {
      return "Credentials[trunk=" + trunk.trunk().id() + ", username=***, password=***]";
    }
  }
}
