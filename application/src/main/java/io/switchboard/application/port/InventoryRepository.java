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

  /**
   * Adds to the stock, as one set, every offer whose number nobody holds (no organization's held
   * number, no trunk: {@code HeldAnywherePolicy}); a number already in stock is kept as it is. Of
   * equal numbers in one call the first offer counts and the later ones find it in stock.
   *
   * @return what happened to each offer, in the order of {@code offers}
   */
  List<Addition> addAllFree(List<AvailableNumber> offers);

  /** What {@link #addAllFree} did with one offer. */
  enum Addition {
    ADDED,
    ALREADY_IN_STOCK,
    HELD
  }

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
