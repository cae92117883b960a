package io.switchboard.application.port;

import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.E164;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The platform's stock of numbers that no organization holds. */
public interface InventoryRepository {
  /** Adds a number to the stock; false when it is already there. */
  boolean add(AvailableNumber number);

  Optional<AvailableNumber> find(E164 number);

  /**
   * Locks the given stock rows (in a stable order, so concurrent orders cannot deadlock) and
   * returns those present.
   */
  List<AvailableNumber> lock(Collection<E164> numbers);

  /** Numbers available at {@code now} that match the search, in number order. */
  List<AvailableNumber> search(InventorySearch search, Instant now);

  /** Takes the number out of the stock (it was bought). */
  void remove(E164 number);

  /**
   * Puts a released number back, buyable from {@code availableFrom} (the end of its quarantine).
   */
  void putBack(AvailableNumber number);
}
