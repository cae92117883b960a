package io.switchboard.domain.routing;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the platform may be told to call out (inbound and status URLs, webhooks, and every outbound
 * feature to come): public hosts only. A URL naming loopback, private, link-local, unique-local,
 * unspecified or otherwise non-public addresses, an IPv4-mapped IPv6 address, an IPv4 address in
 * any encoding but the canonical dotted quad ({@code 0x7f000001}, {@code 2130706433}, {@code
 * 0177.0.0.1}, {@code 127.1}), {@code localhost} or an {@code .internal} name would let a tenant
 * aim the platform's own requests at its internal network (SSRF). Names are judged as written: the
 * component that connects must also refuse a name that resolves to such an address ({@link
 * #isPublic(InetAddress)}). {@link #ALLOW_PRIVATE_FOR_TESTS} lifts the rule for tests on loopback;
 * nothing else does.
 */
public final class OutboundTargetPolicy {
  public static final OutboundTargetPolicy PUBLIC_ONLY = new OutboundTargetPolicy(false);
  public static final OutboundTargetPolicy ALLOW_PRIVATE_FOR_TESTS = new OutboundTargetPolicy(true);

  static final String REFUSAL =
      "must name a public host (not loopback, private, link-local, unique-local,"
          + " unspecified, IPv4-mapped, a numeric encoding of an address, localhost or .internal)";

  /**
   * Per the WHATWG URL standard a host whose last label is a number is an IPv4 address, in whatever
   * encoding.
   */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

  private static final Pattern CANONICAL_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final List<String> LOCAL_NAMES =
      List.of("localhost", "internal", "local", "home.arpa");

  private final boolean allowPrivate;

  private OutboundTargetPolicy(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  public static OutboundTargetPolicy of(boolean allowPrivateTargets) {
    return allowPrivateTargets ? ALLOW_PRIVATE_FOR_TESTS : PUBLIC_ONLY;
  }

  public boolean allowsPrivateTargets() {
    return allowPrivate;
  }

  /** The URL if it may be called; an InvalidArgumentException (field "") otherwise. */
  public HttpsUrl require(HttpsUrl url) {
    if (!allowPrivate) {
      refusal(url)
          .ifPresent(reason -> {
            throw InvalidArgumentException.of("", reason);
          });
    }
    return url;
  }

  /**
   * Checks every URL a routing change sets, naming each refused one: {@code inbound_url}, {@code
   * status_url}, {@code webhooks[i].url}.
   */
  public void check(RoutingPatch patch) {
    if (allowPrivate) {
      return;
    }
    Violations violations = new Violations();
    check(violations, "inbound_url", patch.inboundUrl());
    check(violations, "status_url", patch.statusUrl());
    if (patch.webhooks() instanceof Patch.Set<List<Webhook>> set) {
      for (int i = 0; i < set.value().size(); i++) {
        HttpsUrl url = set.value().get(i).url();
        violations.parse("webhooks[" + i + "].url", () -> require(url));
      }
    }
    violations.throwIfAny();
  }

  private void check(Violations violations, String field, Patch<HttpsUrl> url) {
    if (url instanceof Patch.Set<HttpsUrl> set) {
      violations.parse(field, () -> require(set.value()));
    }
  }

  /** Why this URL may not be called, if it may not. */
  public static Optional<String> refusal(HttpsUrl url) {
    String host = URI.create(url.value()).getHost();
    return host == null || isPublicHost(host) ? Optional.empty() : Optional.of(REFUSAL);
  }

  /** Whether a URL host (a name, a dotted quad or a bracketed IPv6 literal) may be called. */
  public static boolean isPublicHost(String urlHost) {
    String host = urlHost.toLowerCase(Locale.ROOT);
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty()) {
      return false;
    }
    if (host.startsWith("[")) {
      if (!host.endsWith("]")) {
        return false;
      }
      return literal(host.substring(1, host.length() - 1))
          .map(OutboundTargetPolicy::isPublic)
          .orElse(false);
    }
    String lastLabel = host.substring(host.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
      // an IPv4 address: only the canonical dotted quad is judged, every other encoding is refused
      // outright
      return CANONICAL_QUAD.matcher(host).matches()
          && literal(host).map(OutboundTargetPolicy::isPublic).orElse(false);
    }
    for (String local : LOCAL_NAMES) {
      if (host.equals(local) || host.endsWith("." + local)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an address is one the platform may connect to: not loopback, private, link-local,
   * unique-local, unspecified, multicast, shared (carrier-grade NAT), reserved, or an IPv4-mapped /
   * IPv4-compatible IPv6 address. Documentation ranges (192.0.2.0/24, 2001:db8::/32) are not
   * refused: they route nowhere.
   */
  public static boolean isPublic(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int a0 = b[0] & 0xff;
      int a1 = b[1] & 0xff;
      int a2 = b[2] & 0xff;
      return !(a0 == 0
          || a0 == 10
          || a0 == 127
          || a0 >= 224
          || (a0 == 100 && a1 >= 64 && a1 <= 127)
          || (a0 == 169 && a1 == 254)
          || (a0 == 172 && a1 >= 16 && a1 <= 31)
          || (a0 == 192 && a1 == 168)
          || (a0 == 192 && a1 == 0 && a2 == 0)
          || (a0 == 198 && (a1 == 18 || a1 == 19)));
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    boolean zeroHead = true;
    for (int i = 0; i < 10; i++) {
      zeroHead &= b[i] == 0;
    }
    boolean v4MappedOrCompatible =
        zeroHead && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0));
    boolean nat64 =
        first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    return !(v4MappedOrCompatible // includes :: and ::1
        || nat64
        || (first & 0xfe) == 0xfc // fc00::/7 unique-local
        || (first == 0xfe && (second & 0xc0) == 0x80) // fe80::/10 link-local
        || (first == 0xfe && (second & 0xc0) == 0xc0) // fec0::/10 site-local (deprecated)
        || first == 0xff); // multicast
  }

  /**
   * An address literal, parsed without any lookup (the text is checked to be digits, dots, hex and
   * colons first). The JDK turns an IPv4-mapped IPv6 literal into an IPv4 address: that is refused
   * here, as mapped addresses are.
   */
  private static Optional<InetAddress> literal(String text) {
    if (text.isEmpty()
        || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return Optional.empty();
    }
    try {
      InetAddress address = InetAddress.getByName(text);
      if (text.indexOf(':') >= 0 && address instanceof Inet4Address) {
        return Optional.empty();
      }
      return Optional.of(address);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
