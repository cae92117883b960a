package io.switchboard.domain.routing.policy;

import io.switchboard.domain.binding.BindingChannel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A number's inbound policies per channel ({@code call}, {@code sms}, {@code whatsapp}); a channel
 * without any is not in the map. At most one fallback per number and channel, by construction.
 */
public record RoutingPolicies(Map<BindingChannel, ChannelPolicy> channels) {
  public static final RoutingPolicies NONE = new RoutingPolicies(Map.of());

  public RoutingPolicies {
    Objects.requireNonNull(channels, "channels");
    var copy = new EnumMap<BindingChannel, ChannelPolicy>(BindingChannel.class);
    channels.forEach((channel, policy) -> {
      if (!policy.isEmpty()) {
        copy.put(channel, policy);
      }
    });
    channels = Collections.unmodifiableMap(copy);
  }

  public ChannelPolicy of(BindingChannel channel) {
    return channels.getOrDefault(channel, ChannelPolicy.NONE);
  }

  public boolean isEmpty() {
    return channels.isEmpty();
  }

  public RoutingPolicies apply(RoutingPoliciesPatch patch) {
    if (patch.isEmpty()) {
      return this;
    }
    var next = new EnumMap<BindingChannel, ChannelPolicy>(BindingChannel.class);
    for (BindingChannel channel : BindingChannel.values()) {
      next.put(channel, of(channel).apply(patch.of(channel)));
    }
    return new RoutingPolicies(next);
  }
}
