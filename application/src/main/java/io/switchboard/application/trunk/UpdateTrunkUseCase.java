package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkName;
import java.util.Objects;
import java.util.Optional;

/**
 * Change a trunk; omitted fields stay, SIP keys merge one by one, additional settings replace
 * whole.
 */
public interface UpdateTrunkUseCase {
  RegisterTrunkUseCase.Result update(RequestContext ctx, Command command);

  record Command(
      TrunkRef ref,
      Patch<TrunkName> name,
      Patch<TrunkDirection> direction,
      SipInput sip,
      Patch<AdditionalSettings> additionalSettings,
      Optional<Long> expectedVersion,
      Optional<String> expectedNumberEtag) {
    public Command {
      Objects.requireNonNull(expectedNumberEtag, "expectedNumberEtag");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(sip, "sip");
      Objects.requireNonNull(additionalSettings, "additionalSettings");
      Objects.requireNonNull(expectedVersion, "expectedVersion");
    }

    public Command(
        TrunkRef ref,
        Patch<TrunkName> name,
        Patch<TrunkDirection> direction,
        SipInput sip,
        Patch<AdditionalSettings> additionalSettings,
        Optional<Long> expectedVersion) {
      this(ref, name, direction, sip, additionalSettings, expectedVersion, Optional.empty());
    }

    /**
     * The etag of the trunk's number (what the Mindhunters dialect answers with), checked under its
     * row lock.
     */
    public Command withExpectedNumberEtag(Optional<String> etag) {
      return new Command(ref, name, direction, sip, additionalSettings, expectedVersion, etag);
    }
  }
}
