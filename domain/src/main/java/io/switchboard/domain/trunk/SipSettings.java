package io.switchboard.domain.trunk;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a trunk reaches the customer's SIP provider. Credentials are sealed; every part is
 * optional.
 */
public record SipSettings(
    Optional<SipHost> gateway,
    Optional<SipPort> port,
    Optional<SealedSecret> username,
    Optional<SealedSecret> password,
    Optional<SipHost> secondaryGateway) {
  public static final SipSettings NONE =
      new SipSettings(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public SipSettings {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(secondaryGateway, "secondaryGateway");
  }

  /** Rule: only the keys a patch names change; an empty value clears that key. */
  public SipSettings apply(SipPatch patch) {
    return new SipSettings(
        patch.gateway().applyTo(gateway),
        patch.port().applyTo(port),
        patch.username().applyTo(username),
        patch.password().applyTo(password),
        patch.secondaryGateway().applyTo(secondaryGateway));
  }
}
