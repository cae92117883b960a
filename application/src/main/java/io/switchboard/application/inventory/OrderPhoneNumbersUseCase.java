package io.switchboard.application.inventory;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.routing.RoutingPatch;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Buy several specific numbers all or nothing, optionally with initial routing. When any is
 * unavailable nothing is bought and the refusal ({@code INSUFFICIENT_INVENTORY}) says how many were
 * available and which were not.
 */
public interface OrderPhoneNumbersUseCase {
  int MAX_NUMBERS = 100;

  List<PhoneNumberView> order(RequestContext ctx, Command command);

  record Command(List<E164> numbers, RoutingPatch routing) {
    public Command {
      Objects.requireNonNull(routing, "routing");
      if (numbers == null || numbers.isEmpty()) {
        throw InvalidArgumentException.of("numbers", "must name at least one number");
      }
      if (numbers.size() > MAX_NUMBERS) {
        throw InvalidArgumentException.of(
            "numbers", "must name at most " + MAX_NUMBERS + " numbers");
      }
      if (new LinkedHashSet<>(numbers).size() != numbers.size()) {
        throw InvalidArgumentException.of("numbers", "must not repeat a number");
      }
      numbers = List.copyOf(numbers);
    }
  }
}
