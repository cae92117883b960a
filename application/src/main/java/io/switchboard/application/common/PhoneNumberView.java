package io.switchboard.application.common;

import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumber;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A number with its bindings: what every dialect's number resource and the per-channel snapshot are
 * made of.
 */
public record PhoneNumberView(PhoneNumber number, Map<BindingChannel, BoundAgent> bindings) {
  public PhoneNumberView {
    Objects.requireNonNull(number, "number");
    var copy = new EnumMap<BindingChannel, BoundAgent>(BindingChannel.class);
    copy.putAll(bindings);
    bindings = java.util.Collections.unmodifiableMap(copy);
  }

  public Optional<BoundAgent> binding(BindingChannel channel) {
    return Optional.ofNullable(bindings.get(channel));
  }

  public String etag() {
    return number.etag();
  }
}
