package io.switchboard.domain.routing.policy;

import io.switchboard.domain.binding.BindingChannel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A partial change of a number's policies, per channel; channels not in the map are kept. */
public record RoutingPoliciesPatch(Map<BindingChannel, ChannelPolicyPatch> channels) {
  public static final RoutingPoliciesPatch NONE = new RoutingPoliciesPatch(Map.of());

  public RoutingPoliciesPatch {
    Objects.requireNonNull(channels, "channels");
    var copy = new EnumMap<BindingChannel, ChannelPolicyPatch>(BindingChannel.class);
    channels.forEach((channel, patch) -> {
      if (!patch.isEmpty()) {
        copy.put(channel, patch);
      }
    });
    channels = Collections.unmodifiableMap(copy);
  }

  /** Clears every policy of every channel. */
  public static RoutingPoliciesPatch clearAll() {
    var all = new EnumMap<BindingChannel, ChannelPolicyPatch>(BindingChannel.class);
    for (BindingChannel channel : BindingChannel.values()) {
      all.put(channel, ChannelPolicyPatch.CLEAR);
    }
    return new RoutingPoliciesPatch(all);
  }

  /** Replaces every channel's policies with the given ones. */
  public static RoutingPoliciesPatch replaceWith(RoutingPolicies policies) {
    var all = new EnumMap<BindingChannel, ChannelPolicyPatch>(BindingChannel.class);
    for (BindingChannel channel : BindingChannel.values()) {
      all.put(channel, ChannelPolicyPatch.replaceWith(policies.of(channel)));
    }
    return new RoutingPoliciesPatch(all);
  }

  public ChannelPolicyPatch of(BindingChannel channel) {
    return channels.getOrDefault(channel, ChannelPolicyPatch.NONE);
  }

  public boolean isEmpty() {
    return channels.isEmpty();
  }

  /** The same patch with one channel's patch replaced. */
  public RoutingPoliciesPatch with(BindingChannel channel, ChannelPolicyPatch patch) {
    var next = new EnumMap<BindingChannel, ChannelPolicyPatch>(BindingChannel.class);
    next.putAll(channels);
    next.put(channel, patch);
    return new RoutingPoliciesPatch(next);
  }
}
