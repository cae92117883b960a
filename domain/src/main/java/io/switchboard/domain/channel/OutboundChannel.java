package io.switchboard.domain.channel;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import java.util.List;
import java.util.Objects;

/**
 * The state of the voice or SMS channel of a number: whether it is on, how many concurrent sessions
 * it carries, and to which countries it may call or text.
 */
public record OutboundChannel(
    boolean enabled, ChannelLimit channelLimit, List<CountryCode> whitelistedDestinations) {
  public static final int MAX_DESTINATIONS = 250;
  public static final OutboundChannel DISABLED =
      new OutboundChannel(false, ChannelLimit.ZERO, List.of());

  public OutboundChannel {
    Objects.requireNonNull(channelLimit, "channelLimit");
    whitelistedDestinations = requireDistinct(whitelistedDestinations);
  }

  /**
   * Rule: destinations are country codes without duplicates (and without an absurd number of them).
   */
  static List<CountryCode> requireDistinct(List<CountryCode> destinations) {
    List<CountryCode> copy = List.copyOf(destinations);
    if (copy.size() > MAX_DESTINATIONS) {
      throw InvalidArgumentException.of(
          "whitelisted_destinations", "must list at most " + MAX_DESTINATIONS + " countries");
    }
    // a country code is two capitals: one bit each of 26 × 26, no set to build per channel
    long[] seen = new long[(26 * 26 + 63) / 64];
    for (CountryCode code : copy) {
      int bit = (code.value().charAt(0) - 'A') * 26 + (code.value().charAt(1) - 'A');
      long mask = 1L << (bit & 63);
      if ((seen[bit >>> 6] & mask) != 0) {
        throw InvalidArgumentException.of(
            "whitelisted_destinations", "lists " + code + " more than once");
      }
      seen[bit >>> 6] |= mask;
    }
    return copy;
  }

  public OutboundChannel apply(OutboundChannelPatch patch) {
    return new OutboundChannel(
        patch.enabled().applyTo(enabled, enabled),
        patch.channelLimit().applyTo(channelLimit, ChannelLimit.ZERO),
        patch.whitelistedDestinations().applyTo(whitelistedDestinations, List.of()));
  }
}
