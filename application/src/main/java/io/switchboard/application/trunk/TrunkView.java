package io.switchboard.application.trunk;

import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.trunk.Trunk;
import java.util.Objects;
import java.util.Optional;

/**
 * A trunk with the agent bound on its (number, channel). Credentials are sealed; views say only
 * whether they are set.
 */
public record TrunkView(Trunk trunk, Optional<BoundAgent> agent) {
  public TrunkView {
    Objects.requireNonNull(trunk, "trunk");
    Objects.requireNonNull(agent, "agent");
  }

  public boolean usernameSet() {
    return trunk.sip().username().isPresent();
  }

  public boolean passwordSet() {
    return trunk.sip().password().isPresent();
  }
}
