package io.switchboard.application.trunk;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPort;
import java.util.Objects;

/**
 * SIP settings as a caller sends them, credentials still in plain text; the trunk use cases seal
 * them at once. {@code toString} never shows the credentials.
 */
public record SipInput(
    Patch<SipHost> gateway,
    Patch<SipPort> port,
    Patch<String> username,
    Patch<String> password,
    Patch<SipHost> secondaryGateway) {
  public static final int MAX_CREDENTIAL_LENGTH = 255;
  public static final SipInput NONE =
      new SipInput(Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep());

  public SipInput {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(secondaryGateway, "secondaryGateway");
    requireCredential(username, "username");
    requireCredential(password, "password");
  }

  private static void requireCredential(Patch<String> value, String field) {
    if (value instanceof Patch.Set<String> set) {
      String s = set.value();
      if (s.isEmpty()
          || s.length() > MAX_CREDENTIAL_LENGTH
          || s.chars().anyMatch(Character::isISOControl)) {
        throw InvalidArgumentException.of(
            field, "must be 1.." + MAX_CREDENTIAL_LENGTH + " printable characters");
      }
    }
  }

  @Override
  public String toString() {
    return "SipInput[gateway="
        + gateway
        + ", port="
        + port
        + ", username="
        + masked(username)
        + ", password="
        + masked(password)
        + ", secondaryGateway="
        + secondaryGateway
        + "]";
  }

  private static String masked(Patch<String> p) {
    return p instanceof Patch.Set<String> ? "set(***)" : p.toString();
  }
}
