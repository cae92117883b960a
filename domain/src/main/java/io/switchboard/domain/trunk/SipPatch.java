package io.switchboard.domain.trunk;

import io.switchboard.domain.common.Patch;
import java.util.Objects;

/** A per-key change of SIP settings; credentials arrive already sealed. */
public record SipPatch(
    Patch<SipHost> gateway,
    Patch<SipPort> port,
    Patch<SealedSecret> username,
    Patch<SealedSecret> password,
    Patch<SipHost> secondaryGateway) {
  public static final SipPatch NONE =
      new SipPatch(Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep());

  public SipPatch {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(secondaryGateway, "secondaryGateway");
  }
}
