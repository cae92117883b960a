package io.switchboard.application.fakes;

import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

public final class InMemoryTrunkRepository implements TrunkRepository {
  /**
   * PostgreSQL orders uuids by unsigned bytes, as their text does (UUID.compareTo uses signed
   * longs).
   */
  private static final Comparator<TrunkId> BY_ID =
      Comparator.comparing(id -> id.value().toString());

  private static final Comparator<Trunk> OLDEST_FIRST =
      Comparator.comparing(Trunk::createdAt).thenComparing(Trunk::id, BY_ID);

  private final InMemoryDatabase db;

  public InMemoryTrunkRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<Trunk> findById(OrganizationId organizationId, TrunkId id) {
    return db.trunks.read(all -> Optional.ofNullable(all.get(id)).filter(ownedBy(organizationId)));
  }

  @Override
  public Optional<Trunk> find(OrganizationId organizationId, E164 number, TrunkChannel channel) {
    return findAnywhere(number, channel).filter(ownedBy(organizationId));
  }

  @Override
  public Optional<Trunk> findByIdAnywhere(TrunkId id) {
    return db.trunks.read(all -> Optional.ofNullable(all.get(id)));
  }

  @Override
  public Optional<Trunk> findAnywhere(E164 number, TrunkChannel channel) {
    return db.trunks.read(all ->
        all.values().stream()
            .filter(t -> t.number().equals(number) && t.channel() == channel)
            .findFirst());
  }

  @Override
  public Optional<Trunk> lock(OrganizationId organizationId, E164 number, TrunkChannel channel) {
    return find(organizationId, number, channel);
  }

  @Override
  public List<Trunk> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId) {
    return db.trunks.read(all ->
        all.values().stream()
            .filter(ownedBy(organizationId))
            .filter(t -> t.phoneNumberId().equals(phoneNumberId))
            .sorted(Comparator.comparing(t -> t.channel().name()))
            .toList());
  }

  @Override
  public boolean existsAnywhere(E164 number) {
    return db.trunks.read(all -> all.values().stream().anyMatch(t -> t.number().equals(number)));
  }

  @Override
  public void insert(Trunk trunk) {
    db.requireOrganization(trunk.organizationId());
    db.trunks.write(all -> {
      if (all.containsKey(trunk.id())) {
        throw new AlreadyExistsException(
            Reason.TRUNK_ALREADY_EXISTS, "a trunk with this id already exists");
      }
      if (all.values().stream()
          .anyMatch(t -> t.number().equals(trunk.number()) && t.channel() == trunk.channel())) {
        throw new AlreadyExistsException(
            Reason.TRUNK_ALREADY_EXISTS, "the number already has a trunk on this channel");
      }
      Optional<PhoneNumber> number =
          db.numbers.read(numbers -> Optional.ofNullable(numbers.get(trunk.phoneNumberId())));
      if (number.filter(n -> n.organizationId().equals(trunk.organizationId())).isEmpty()) {
        throw NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, "of the trunk");
      }
      return all.put(trunk.id(), trunk);
    });
  }

  @Override
  public void update(Trunk trunk) {
    db.trunks.write(all -> {
      Trunk stored = all.get(trunk.id());
      if (stored == null
          || !stored.organizationId().equals(trunk.organizationId())
          || stored.version() != trunk.version() - 1) {
        throw ConcurrencyConflictException.staleEtag("trunk");
      }
      return all.put(
          trunk.id(),
          new Trunk(
              stored.id(),
              stored.organizationId(),
              trunk.phoneNumberId(),
              trunk.number(),
              trunk.channel(),
              trunk.name(),
              trunk.direction(),
              trunk.sip(),
              trunk.additionalSettings(),
              stored.createdAt(),
              trunk.updatedAt(),
              trunk.version()));
    });
  }

  @Override
  public void delete(OrganizationId organizationId, TrunkId id) {
    db.trunks.write(all ->
        all.values().removeIf(t -> t.id().equals(id) && t.organizationId().equals(organizationId)));
  }

  @Override
  public List<SealedCredentials> sealedUnderOtherKeys(
      String keyId, Optional<TrunkId> after, int limit) {
    Predicate<Optional<SealedSecret>> otherKey =
        s -> s.isPresent() && !s.get().keyId().equals(keyId);
    return db.trunks.read(all ->
        all.values().stream()
            .filter(t -> otherKey.test(t.sip().username()) || otherKey.test(t.sip().password()))
            .filter(t -> after.map(a -> BY_ID.compare(t.id(), a) > 0).orElse(true))
            .sorted(Comparator.comparing(Trunk::id, BY_ID))
            .limit(limit)
            .map(t -> new SealedCredentials(t.id(), t.sip().username(), t.sip().password()))
            .toList());
  }

  @Override
  public boolean replaceSealed(SealedCredentials before, SealedCredentials after) {
    if (!before.trunkId().equals(after.trunkId())) {
      throw new IllegalArgumentException("before and after name different trunks");
    }
    return db.trunks.write(all -> {
      Trunk stored = all.get(before.trunkId());
      if (stored == null
          || !stored.sip().username().equals(before.username())
          || !stored.sip().password().equals(before.password())) {
        return false;
      }
      SipSettings sip = stored.sip();
      all.put(
          stored.id(),
          new Trunk(
              stored.id(),
              stored.organizationId(),
              stored.phoneNumberId(),
              stored.number(),
              stored.channel(),
              stored.name(),
              stored.direction(),
              new SipSettings(
                  sip.gateway(),
                  sip.port(),
                  after.username(),
                  after.password(),
                  sip.secondaryGateway()),
              stored.additionalSettings(),
              stored.createdAt(),
              stored.updatedAt(),
              stored.version()));
      return true;
    });
  }

  @Override
  public Page<Trunk, TrunkId> list(
      OrganizationId organizationId,
      Optional<TrunkChannel> channel,
      int pageSize,
      Optional<TrunkId> after) {
    if (pageSize < 1) {
      throw InvalidArgumentException.of("page_size", "must be positive");
    }
    return db.trunks.read(all -> {
      Optional<Trunk> position =
          after.map(id ->
              Optional.ofNullable(all.get(id))
                  .filter(ownedBy(organizationId))
                  .orElseThrow(() ->
                      InvalidArgumentException.of(
                          "page_token", "points at a trunk that no longer exists")));
      List<Trunk> rows =
          all.values().stream()
              .filter(ownedBy(organizationId))
              .filter(t -> channel.map(c -> t.channel() == c).orElse(true))
              .filter(t -> position.map(p -> OLDEST_FIRST.compare(t, p) > 0).orElse(true))
              .sorted(OLDEST_FIRST)
              .limit(pageSize + 1L)
              .toList();
      boolean more = rows.size() > pageSize;
      List<Trunk> items = more ? rows.subList(0, pageSize) : rows;
      return new Page<>(
          items,
          more ? Optional.of(items.get(items.size() - 1).id()) : Optional.empty(),
          Optional.empty());
    });
  }

  private static Predicate<Trunk> ownedBy(OrganizationId organizationId) {
    return t -> t.organizationId().equals(organizationId);
  }
}
