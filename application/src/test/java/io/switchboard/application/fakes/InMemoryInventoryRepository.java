package io.switchboard.application.fakes;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public final class InMemoryInventoryRepository implements InventoryRepository {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  private final InMemoryDatabase db;

  public InMemoryInventoryRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public boolean add(AvailableNumber number) {
    return db.inventory.write(all -> all.putIfAbsent(number.number().value(), number) == null);
  }

  @Override
  public List<Addition> addAllFree(List<AvailableNumber> offers) {
    return db.transactions.inTransaction(
        Optional.empty(),
        () -> {
          Set<E164> held = new HashSet<>();
          db.numbers.read(all -> {
            all.values().stream()
                .filter(n -> n.status() != NumberStatus.RELEASED)
                .forEach(n -> held.add(n.number()));
            return null;
          });
          db.trunks.read(all -> {
            all.values().forEach(t -> held.add(t.number()));
            return null;
          });
          var additions = new ArrayList<Addition>(offers.size());
          for (AvailableNumber offer : offers) {
            additions.add(
                held.contains(offer.number())
                    ? Addition.HELD
                    : add(offer) ? Addition.ADDED : Addition.ALREADY_IN_STOCK);
          }
          return additions;
        });
  }

  @Override
  public Optional<AvailableNumber> find(E164 number) {
    return db.inventory.read(all -> Optional.ofNullable(all.get(number.value())));
  }

  @Override
  public List<AvailableNumber> lock(Collection<E164> numbers) {
    return db.inventory.read(all ->
        numbers.stream()
            .map(E164::value)
            .distinct()
            .sorted()
            .map(all::get)
            .filter(java.util.Objects::nonNull)
            .toList());
  }

  @Override
  public List<AvailableNumber> search(InventorySearch search, Instant now) {
    return db.inventory.read(all ->
        all.values().stream()
            .filter(n -> !n.availableFrom().isAfter(now))
            .filter(n -> search.country().map(c -> n.number().country().equals(c)).orElse(true))
            .filter(n -> search.type().map(t -> n.type() == t).orElse(true))
            .filter(n -> search.pattern().map(p -> n.number().value().contains(p)).orElse(true))
            .filter(n ->
                search
                    .areaCode()
                    .map(a ->
                        n.number()
                            .value()
                            .startsWith(
                                callingCode(search.country().orElse(n.number().country())) + a))
                    .orElse(true))
            .limit(search.limit())
            .toList());
  }

  /** The digits right after the country calling code, which depends on each number's country. */
  private static String callingCode(CountryCode country) {
    return "+" + PHONE_NUMBERS.getCountryCodeForRegion(country.value());
  }

  @Override
  public void remove(E164 number) {
    db.inventory.write(all -> all.remove(number.value()));
  }

  @Override
  public void putBack(AvailableNumber number) {
    db.inventory.write(all -> all.put(number.number().value(), number));
  }
}
