package io.switchboard.domain.routing.policy;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.trunk.SipHost;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP URI a call may be transferred to: {@code sip:} or {@code sips:}, an optional user part, a
 * host and an optional port and parameters. The host must be public by the rules the platform
 * applies to every target it hands out ({@link OutboundTargetPolicy#isPublicHost}): a router that
 * follows the answer must not be aimed at a tenant-chosen internal address.
 */
public record SipUri(String value) {
  public static final int MAX_LENGTH = 512;

  private static final Pattern SHAPE =
      Pattern.compile(
          "(?i)(sips?):(?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+)@)?"
              + "([A-Za-z0-9][A-Za-z0-9\\-.]*|\\[[0-9A-Fa-f:.]+\\])"
              + "(?::([0-9]{1,5}))?((?:;[A-Za-z0-9\\-_.!~*'()%=+]+)*)");

  public SipUri {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw InvalidArgumentException.of(
          "", "must be a SIP URI of 1.." + MAX_LENGTH + " characters");
    }
    Matcher m = SHAPE.matcher(value);
    if (!m.matches()) {
      throw InvalidArgumentException.of(
          "", "must be a SIP URI such as sip:agent@sip.example.com or sips:sip.example.com:5061");
    }
    String host = m.group(3);
    new SipHost(host);
    if (m.group(4) != null) {
      int port = Integer.parseInt(m.group(4));
      if (port < 1 || port > 65535) {
        throw InvalidArgumentException.of("", "must have a port between 1 and 65535");
      }
    }
    if (!OutboundTargetPolicy.isPublicHost(host)) {
      throw InvalidArgumentException.of(
          "",
          "must name a public host (not loopback, private, link-local, unique-local,"
              + " unspecified, IPv4-mapped, a numeric encoding of an address, localhost or"
              + " .internal)");
    }
    value = m.group(1).toLowerCase(Locale.ROOT) + value.substring(m.group(1).length());
  }

  @Override
  public String toString() {
    return value;
  }
}
