package io.switchboard.application.port;

import io.switchboard.application.port.query.Page;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

public interface TrunkRepository {
  Optional<Trunk> findById(OrganizationId organizationId, TrunkId id);

  Optional<Trunk> find(OrganizationId organizationId, E164 number, TrunkChannel channel);

  /** The trunk with this id in any organization: for platform-internal callers only. */
  Optional<Trunk> findByIdAnywhere(TrunkId id);

  /**
   * The trunk on this number and channel in any organization (they are unique): for
   * platform-internal callers only.
   */
  Optional<Trunk> findAnywhere(E164 number, TrunkChannel channel);

  /** Same, locking the row until the transaction ends. */
  Optional<Trunk> lock(OrganizationId organizationId, E164 number, TrunkChannel channel);

  List<Trunk> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId);

  /** Whether anyone on the platform has a trunk for this number. */
  boolean existsAnywhere(E164 number);

  /** Throws AlreadyExistsException when (number, channel) has a trunk already. */
  void insert(Trunk trunk);

  void update(Trunk trunk);

  void delete(OrganizationId organizationId, TrunkId id);

  /**
   * Credentials sealed under any key but {@code keyId}, across every organization (a key rotation
   * is platform-wide), in trunk id order after {@code after}.
   */
  List<SealedCredentials> sealedUnderOtherKeys(String keyId, Optional<TrunkId> after, int limit);

  /**
   * Replaces a trunk's sealed credentials with the same secrets sealed again, only while they are
   * still exactly {@code before}: an update that changed them meanwhile wins. Neither version nor
   * etag changes (the trunk is the same). Returns whether it replaced them.
   */
  boolean replaceSealed(SealedCredentials before, SealedCredentials after);

  record SealedCredentials(
      TrunkId trunkId, Optional<SealedSecret> username, Optional<SealedSecret> password) {}

  /** Trunks ordered by creation (oldest first), keyset paged by id. */
  Page<Trunk, TrunkId> list(
      OrganizationId organizationId,
      Optional<TrunkChannel> channel,
      int pageSize,
      Optional<TrunkId> after);

  /**
   * The organization's numbers that have a trunk (on the channel), each once, ordered by their
   * first trunk in {@link #list}'s order: {@code limit} of them from {@code offset}, with their
   * total. A database answers this in one query; this default walks {@link #list}, which is enough
   * for small in-memory stores.
   */
  default Page<PhoneNumberId, Void> listNumbersWithTrunks(
      OrganizationId organizationId, Optional<TrunkChannel> channel, long offset, int limit) {
    var all = new LinkedHashSet<PhoneNumberId>();
    Optional<TrunkId> after = Optional.empty();
    do {
      Page<Trunk, TrunkId> page = list(organizationId, channel, 1000, after);
      page.items().forEach(t -> all.add(t.phoneNumberId()));
      after = page.next();
    } while (after.isPresent());
    return new Page<>(
        all.stream().skip(offset).limit(limit).toList(),
        Optional.empty(),
        Optional.of((long) all.size()));
  }
}
