package io.switchboard.domain.routing.policy;

import io.switchboard.domain.number.E164;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The call being routed, as policies see it.
 *
 * @param caller the caller's canonical {@code +digits} ({@link E164#normalize}, the form the called
 *     number is matched in), empty when anonymous, withheld or not a number at all
 * @param activeCalls the router's count of the number's calls in progress, when it reports one
 */
public record InboundCall(Optional<String> caller, Instant at, OptionalInt activeCalls) {
  public InboundCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(activeCalls, "activeCalls");
    if (activeCalls.isPresent() && activeCalls.getAsInt() < 0) {
      throw new IllegalArgumentException("activeCalls must not be negative");
    }
  }

  /** A caller as the carrier sent it: anything that is not a number is an anonymous caller. */
  public static Optional<String> caller(Optional<String> raw) {
    return raw.flatMap(E164::normalize);
  }
}
