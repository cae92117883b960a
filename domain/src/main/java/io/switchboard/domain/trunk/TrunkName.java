package io.switchboard.domain.trunk;

import io.switchboard.domain.common.Text;
import io.switchboard.domain.number.E164;
import java.util.Locale;

/** A friendly label for a trunk, surfaced in dashboards and logs. */
public record TrunkName(String value) {
  public static final int MAX_LENGTH = 255;

  public TrunkName {
    value = Text.requireLine(value, MAX_LENGTH);
  }

  /**
   * Rule: the default name is {@code {channel}_trunk_{digits}}, for example {@code
   * call_trunk_12345678901}.
   */
  public static TrunkName defaultFor(TrunkChannel channel, E164 number) {
    return new TrunkName(channel.name().toLowerCase(Locale.ROOT) + "_trunk_" + number.digits());
  }

  @Override
  public String toString() {
    return value;
  }
}
