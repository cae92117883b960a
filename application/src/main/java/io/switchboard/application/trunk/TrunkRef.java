package io.switchboard.application.trunk;

import io.switchboard.domain.number.E164;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.util.Objects;

/** How a caller names a trunk: by id, or by its natural key (number, channel). */
public sealed interface TrunkRef {
  record ById(TrunkId id) implements TrunkRef {
    public ById {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  record ByKey(E164 number, TrunkChannel channel) implements TrunkRef {
    public ByKey {
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(channel, "channel");
    }

    @Override
    public String toString() {
      return number + " on " + channel.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
