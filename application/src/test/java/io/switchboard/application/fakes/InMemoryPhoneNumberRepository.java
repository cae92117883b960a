package io.switchboard.application.fakes;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberSource;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Label;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Numbers in memory, with the same filters, keyset order (sort value, then id as PostgreSQL orders
 * uuids) and rules.
 */
public final class InMemoryPhoneNumberRepository implements PhoneNumberRepository {
  private final InMemoryDatabase db;
  private final ChangeFeed feed;

  public InMemoryPhoneNumberRepository(InMemoryDatabase db, ChangeFeed feed) {
    this.db = db;
    this.feed = feed;
  }

  @Override
  public Optional<PhoneNumber> findById(OrganizationId organizationId, PhoneNumberId id) {
    return db.numbers.read(all -> Optional.ofNullable(all.get(id)).filter(ownedBy(organizationId)));
  }

  @Override
  public Optional<WithBindings> findByIdWithBindings(
      OrganizationId organizationId, PhoneNumberId id) {
    return db.transactions.read(
        java.util.Optional.empty(), () -> findById(organizationId, id).map(this::withBindings));
  }

  @Override
  public Optional<WithBindings> findHeldWithBindings(OrganizationId organizationId, E164 number) {
    return db.transactions.read(
        java.util.Optional.empty(), () -> findHeld(organizationId, number).map(this::withBindings));
  }

  private WithBindings withBindings(PhoneNumber number) {
    List<Binding> bindings =
        new InMemoryBindingRepository(db).findByNumber(number.organizationId(), number.id());
    var names =
        new InMemoryAgentRepository(db)
            .displayNames(
                number.organizationId(), bindings.stream().map(Binding::agentId).toList());
    return new WithBindings(number, bindings, names);
  }

  @Override
  public Optional<PhoneNumber> lockById(OrganizationId organizationId, PhoneNumberId id) {
    return findById(organizationId, id); // one transaction at a time: holding the lock is implied
  }

  @Override
  public Optional<PhoneNumber> findHeld(OrganizationId organizationId, E164 number) {
    return db.numbers.read(all ->
        all.values().stream()
            .filter(ownedBy(organizationId))
            .filter(n -> isHeld(n) && n.number().equals(number))
            .findFirst());
  }

  @Override
  public Optional<PhoneNumber> findHeldAnywhere(E164 number) {
    return db.numbers.read(all ->
        all.values().stream().filter(n -> isHeld(n) && n.number().equals(number)).findFirst());
  }

  @Override
  public Optional<PhoneNumber> findLatestReleased(E164 number) {
    return db.numbers.read(all ->
        all.values().stream()
            .filter(n -> !isHeld(n) && n.number().equals(number) && n.releasedAt().isPresent())
            .max(Comparator.comparing(n -> n.releasedAt().orElseThrow())));
  }

  @Override
  public void insert(PhoneNumber number) {
    db.requireOrganization(number.organizationId());
    db.numbers.write(all -> {
      if (all.containsKey(number.id())) {
        throw new AlreadyExistsException(
            Reason.PHONE_NUMBER_ALREADY_EXISTS, "a phone number with this id already exists");
      }
      if (isHeld(number)
          && all.values().stream().anyMatch(n -> isHeld(n) && n.number().equals(number.number()))) {
        throw new AlreadyExistsException(
            Reason.PHONE_NUMBER_ALREADY_HELD, "the phone number is already held");
      }
      return all.put(number.id(), number);
    });
  }

  @Override
  public WithBindings update(PhoneNumber number, ChangeFeed.Entry change) {
    update(number); // a conflict throws before the event is appended
    feed.append(change);
    return withBindings(number);
  }

  @Override
  public void update(PhoneNumber number) {
    db.numbers.write(all -> {
      PhoneNumber stored = all.get(number.id());
      if (stored == null
          || !stored.organizationId().equals(number.organizationId())
          || stored.version() != number.version() - 1) {
        throw ConcurrencyConflictException.staleEtag("phone number");
      }
      if (isHeld(number)
          && all.values().stream()
              .anyMatch(n ->
                  !n.id().equals(number.id()) && isHeld(n) && n.number().equals(number.number()))) {
        throw new AlreadyExistsException(
            Reason.PHONE_NUMBER_ALREADY_HELD, "the phone number is already held");
      }
      // the organization, number and creation time never change
      return all.put(
          number.id(),
          new PhoneNumber(
              stored.id(),
              stored.organizationId(),
              number.number(),
              number.type(),
              number.source(),
              number.status(),
              number.compliance(),
              number.capabilities(),
              number.location(),
              number.monthlyFee(),
              number.channelSettings(),
              number.routing(),
              stored.createdAt(),
              number.updatedAt(),
              number.releasedAt(),
              number.version()));
    });
  }

  @Override
  public void delete(OrganizationId organizationId, PhoneNumberId id) {
    db.numbers.write(all -> {
      PhoneNumber stored = all.get(id);
      if (stored == null || !stored.organizationId().equals(organizationId)) {
        return null;
      }
      if (db.trunks.read(
          trunks -> trunks.values().stream().anyMatch(t -> t.phoneNumberId().equals(id)))) {
        throw new FailedPreconditionException(
            Reason.PHONE_NUMBER_HAS_TRUNKS, "the phone number still has trunks");
      }
      db.bindings.write(bindings -> bindings.values().removeIf(b -> b.phoneNumberId().equals(id)));
      return all.remove(id);
    });
  }

  @Override
  public Page<PhoneNumber, NumberCursor> list(OrganizationId organizationId, NumberQuery query) {
    return db.transactions.read(
        Optional.empty(),
        () -> {
          List<PhoneNumber> matching =
              db.numbers.read(all ->
                  all.values().stream()
                      .filter(ownedBy(organizationId))
                      .filter(InMemoryPhoneNumberRepository::isHeld)
                      .filter(n -> matches(organizationId, n, query.filter()))
                      .toList());
          Comparator<PhoneNumber> order = order(query.sort());
          Stream<PhoneNumber> page = matching.stream().sorted(order);
          if (query.after().isPresent()) {
            NumberCursor cursor = query.after().get();
            page = page.filter(n -> isAfter(n, cursor, query.sort()));
          }
          List<PhoneNumber> rows = page.skip(query.offset()).limit(query.pageSize() + 1L).toList();
          boolean more = rows.size() > query.pageSize();
          List<PhoneNumber> items = more ? rows.subList(0, query.pageSize()) : rows;
          Optional<NumberCursor> next =
              more
                  ? Optional.of(cursorAfter(items.get(items.size() - 1), query.sort().field()))
                  : Optional.empty();
          return new Page<>(
              items,
              next,
              query.withTotal() ? Optional.of((long) matching.size()) : Optional.empty());
        });
  }

  @Override
  public long countActivePurchased(OrganizationId organizationId) {
    return db.numbers.read(all ->
        all.values().stream()
            .filter(ownedBy(organizationId))
            .filter(n -> n.status() == NumberStatus.ACTIVE && n.source() == NumberSource.PURCHASED)
            .count());
  }

  private static Predicate<PhoneNumber> ownedBy(OrganizationId organizationId) {
    return n -> n.organizationId().equals(organizationId);
  }

  private static boolean isHeld(PhoneNumber n) {
    return n.status() != NumberStatus.RELEASED;
  }

  private boolean matches(OrganizationId organizationId, PhoneNumber n, NumberFilter filter) {
    return filter.status().map(s -> n.status() == s).orElse(true)
        && filter.country().map(c -> n.number().country().equals(c)).orElse(true)
        && filter.type().map(t -> n.type() == t).orElse(true)
        && filter.compliance().map(c -> n.compliance().status() == c).orElse(true)
        && filter.campaign().map(c -> n.routing().campaignId().equals(Optional.of(c))).orElse(true)
        && filter.search().map(s -> searching(n, s)).orElse(true)
        && filter.boundToAgent().map(agent -> isBoundTo(organizationId, n, agent)).orElse(true)
        && (filter.includeExternal() || n.source() == NumberSource.PURCHASED);
  }

  private boolean isBoundTo(OrganizationId organizationId, PhoneNumber n, AgentId agent) {
    return db.bindings.read(all ->
        all.values().stream()
            .anyMatch(b ->
                b.phoneNumberId().equals(n.id())
                    && b.organizationId().equals(organizationId)
                    && b.agentId().equals(agent)));
  }

  /**
   * A substring of the digits (ignoring +, spaces and dashes), the country code, or a substring of
   * the label.
   */
  private static boolean searching(PhoneNumber n, String search) {
    String digits = search.replaceAll("[+\\s\\-().]", "");
    if (!digits.isEmpty()
        && digits.chars().allMatch(Character::isDigit)
        && n.number().value().contains(digits)) {
      return true;
    }
    if (search.length() == 2
        && search.chars().allMatch(Character::isLetter)
        && n.number().country().value().equals(search.toUpperCase(Locale.ROOT))) {
      return true;
    }
    return n.routing()
        .label()
        .map(Label::value)
        .map(label -> label.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT)))
        .orElse(false);
  }

  private static Comparator<PhoneNumber> order(NumberSort sort) {
    Comparator<PhoneNumber> bySortValue =
        switch (sort.field()) {
          case CREATED_AT -> Comparator.comparing(PhoneNumber::createdAt);
          case MONTHLY_FEE ->
              Comparator.comparing(
                  (PhoneNumber n) -> n.monthlyFee().amount(), BigDecimal::compareTo);
          case NUMBER -> Comparator.comparing((PhoneNumber n) -> n.number().value());
        };
    Comparator<PhoneNumber> order = bySortValue.thenComparing(n -> n.id().value().toString());
    return sort.descending() ? order.reversed() : order;
  }

  private static boolean isAfter(PhoneNumber n, NumberCursor cursor, NumberSort sort) {
    int bySortValue =
        switch (sort.field()) {
          case CREATED_AT -> n.createdAt().compareTo(Instant.parse(cursor.sortValue()));
          case MONTHLY_FEE -> n.monthlyFee().amount().compareTo(new BigDecimal(cursor.sortValue()));
          case NUMBER -> n.number().value().compareTo(cursor.sortValue());
        };
    int compared =
        bySortValue != 0
            ? bySortValue
            : n.id().value().toString().compareTo(cursor.afterId().value().toString());
    return sort.descending() ? compared < 0 : compared > 0;
  }

  /** The canonical text of a number's sort value, as {@link NumberCursor} documents it. */
  static NumberCursor cursorAfter(PhoneNumber number, NumberSort.Field field) {
    String value =
        switch (field) {
          case CREATED_AT -> number.createdAt().toString();
          case MONTHLY_FEE -> number.monthlyFee().amount().toPlainString();
          case NUMBER -> number.number().value();
        };
    return new NumberCursor(field, value, number.id());
  }
}
