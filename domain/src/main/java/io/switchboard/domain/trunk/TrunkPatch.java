package io.switchboard.domain.trunk;

import io.switchboard.domain.common.Patch;
import java.util.Objects;

/**
 * A partial change of a trunk. Its key (number, channel) is not editable. {@code sip} keys merge
 * one by one; {@code additionalSettings} replaces the whole object (an empty object clears it).
 */
public record TrunkPatch(
    Patch<TrunkName> name,
    Patch<TrunkDirection> direction,
    SipPatch sip,
    Patch<AdditionalSettings> additionalSettings) {
  public static final TrunkPatch NONE =
      new TrunkPatch(Patch.keep(), Patch.keep(), SipPatch.NONE, Patch.keep());

  public TrunkPatch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(sip, "sip");
    Objects.requireNonNull(additionalSettings, "additionalSettings");
  }
}
