package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.TRUNKS;

import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPort;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkName;
import io.switchboard.persistence.jooq.tables.records.TrunksRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.JSON;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Trunks; SIP credentials arrive already sealed by the SecretCipher and are stored as ciphertext
 * next to the id of the key that sealed them. Updates are optimistic on {@code version}, like phone
 * numbers.
 */
public final class JooqTrunkRepository implements TrunkRepository {
  private final JooqTransactions transactions;

  public JooqTrunkRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public Optional<Trunk> findById(OrganizationId organizationId, TrunkId id) {
    return transactions
        .dsl()
        .selectFrom(TRUNKS)
        .where(ownedBy(organizationId).and(TRUNKS.ID.eq(id.value())))
        .fetchOptional()
        .map(JooqTrunkRepository::toTrunk);
  }

  @Override
  public List<SealedCredentials> sealedUnderOtherKeys(
      String keyId, Optional<TrunkId> after, int limit) {
    return transactions
        .dsl()
        .select(
            TRUNKS.ID,
            TRUNKS.SIP_USERNAME_KEY_ID,
            TRUNKS.SIP_USERNAME,
            TRUNKS.SIP_PASSWORD_KEY_ID,
            TRUNKS.SIP_PASSWORD)
        .from(TRUNKS)
        .where(TRUNKS.SIP_USERNAME_KEY_ID.ne(keyId).or(TRUNKS.SIP_PASSWORD_KEY_ID.ne(keyId)))
        .and(after.map(a -> TRUNKS.ID.gt(a.value())).orElse(DSL.noCondition()))
        .orderBy(TRUNKS.ID)
        .limit(limit)
        .fetch(r ->
            new SealedCredentials(
                new TrunkId(r.value1()),
                sealed(r.value2(), r.value3()),
                sealed(r.value4(), r.value5())));
  }

  @Override
  public boolean replaceSealed(SealedCredentials before, SealedCredentials after) {
    if (!before.trunkId().equals(after.trunkId())) {
      throw new IllegalArgumentException("before and after name different trunks");
    }
    return transactions
            .dsl()
            .update(TRUNKS)
            .set(TRUNKS.SIP_USERNAME, after.username().map(SealedSecret::ciphertext).orElse(null))
            .set(TRUNKS.SIP_USERNAME_KEY_ID, after.username().map(SealedSecret::keyId).orElse(null))
            .set(TRUNKS.SIP_PASSWORD, after.password().map(SealedSecret::ciphertext).orElse(null))
            .set(TRUNKS.SIP_PASSWORD_KEY_ID, after.password().map(SealedSecret::keyId).orElse(null))
            .where(TRUNKS.ID.eq(before.trunkId().value()))
            .and(still(TRUNKS.SIP_USERNAME_KEY_ID, TRUNKS.SIP_USERNAME, before.username()))
            .and(still(TRUNKS.SIP_PASSWORD_KEY_ID, TRUNKS.SIP_PASSWORD, before.password()))
            .execute()
        == 1;
  }

  private static Condition still(
      org.jooq.Field<String> keyId,
      org.jooq.Field<byte[]> ciphertext,
      Optional<SealedSecret> expected) {
    return expected
        .map(s -> keyId.eq(s.keyId()).and(ciphertext.eq(s.ciphertext())))
        .orElseGet(ciphertext::isNull);
  }

  @Override
  public Optional<Trunk> find(OrganizationId organizationId, E164 number, TrunkChannel channel) {
    return transactions
        .dsl()
        .selectFrom(TRUNKS)
        .where(ownedBy(organizationId).and(on(number, channel)))
        .fetchOptional()
        .map(JooqTrunkRepository::toTrunk);
  }

  @Override
  public Optional<Trunk> findByIdAnywhere(TrunkId id) {
    return transactions
        .dsl()
        .selectFrom(TRUNKS)
        .where(TRUNKS.ID.eq(id.value()))
        .fetchOptional()
        .map(JooqTrunkRepository::toTrunk);
  }

  @Override
  public Optional<Trunk> findAnywhere(E164 number, TrunkChannel channel) {
    return transactions
        .dsl()
        .selectFrom(TRUNKS)
        .where(on(number, channel))
        .fetchOptional()
        .map(JooqTrunkRepository::toTrunk);
  }

  @Override
  public Optional<Trunk> lock(OrganizationId organizationId, E164 number, TrunkChannel channel) {
    return transactions
        .dsl()
        .selectFrom(TRUNKS)
        .where(ownedBy(organizationId).and(on(number, channel)))
        .forUpdate()
        .fetchOptional()
        .map(JooqTrunkRepository::toTrunk);
  }

  @Override
  public List<Trunk> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId) {
    return transactions
        .dsl()
        .selectFrom(TRUNKS)
        .where(ownedBy(organizationId).and(TRUNKS.PHONE_NUMBER_ID.eq(phoneNumberId.value())))
        .orderBy(TRUNKS.CHANNEL)
        .fetch(JooqTrunkRepository::toTrunk);
  }

  @Override
  public boolean existsAnywhere(E164 number) {
    return transactions.dsl().fetchExists(TRUNKS, TRUNKS.NUMBER.eq(number.value()));
  }

  @Override
  public void insert(Trunk trunk) {
    transactions.dsl().insertInto(TRUNKS).set(toRecord(trunk)).execute();
  }

  @Override
  public void update(Trunk trunk) {
    TrunksRecord row = toRecord(trunk);
    row.changed(TRUNKS.ID, false);
    row.changed(TRUNKS.ORGANIZATION_ID, false);
    row.changed(TRUNKS.CREATED_AT, false);
    int updated =
        transactions
            .dsl()
            .update(TRUNKS)
            .set(row)
            .where(
                ownedBy(trunk.organizationId())
                    .and(TRUNKS.ID.eq(trunk.id().value()))
                    .and(TRUNKS.VERSION.eq(trunk.version() - 1)))
            .execute();
    if (updated == 0) {
      throw ConcurrencyConflictException.staleEtag("trunk");
    }
  }

  @Override
  public void delete(OrganizationId organizationId, TrunkId id) {
    transactions
        .dsl()
        .deleteFrom(TRUNKS)
        .where(ownedBy(organizationId).and(TRUNKS.ID.eq(id.value())))
        .execute();
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
    Condition where =
        ownedBy(organizationId)
            .and(channel.map(c -> TRUNKS.CHANNEL.eq(Columns.lower(c))).orElse(DSL.noCondition()));
    if (after.isPresent()) {
      Record2<java.time.OffsetDateTime, java.util.UUID> position =
          transactions
              .dsl()
              .select(TRUNKS.CREATED_AT, TRUNKS.ID)
              .from(TRUNKS)
              .where(ownedBy(organizationId).and(TRUNKS.ID.eq(after.get().value())))
              .fetchOptional()
              .orElseThrow(() ->
                  InvalidArgumentException.of(
                      "page_token", "points at a trunk that no longer exists"));
      where =
          where.and(DSL.row(TRUNKS.CREATED_AT, TRUNKS.ID).gt(position.value1(), position.value2()));
    }
    List<Trunk> rows =
        transactions
            .dsl()
            .selectFrom(TRUNKS)
            .where(where)
            .orderBy(TRUNKS.CREATED_AT, TRUNKS.ID)
            .limit(pageSize + 1)
            .fetch(JooqTrunkRepository::toTrunk);
    boolean more = rows.size() > pageSize;
    List<Trunk> items = more ? rows.subList(0, pageSize) : rows;
    return new Page<>(
        items,
        more ? Optional.of(items.get(items.size() - 1).id()) : Optional.empty(),
        Optional.empty());
  }

  @Override
  public Page<PhoneNumberId, Void> listNumbersWithTrunks(
      OrganizationId organizationId, Optional<TrunkChannel> channel, long offset, int limit) {
    Condition where =
        ownedBy(organizationId)
            .and(channel.map(c -> TRUNKS.CHANNEL.eq(Columns.lower(c))).orElse(DSL.noCondition()));
    // each number once, where its first trunk stands in the trunk list's order (created_at, id):
    // trunks_list_idx
    var first =
        transactions
            .dsl()
            .select(TRUNKS.PHONE_NUMBER_ID, TRUNKS.CREATED_AT, TRUNKS.ID)
            .distinctOn(TRUNKS.PHONE_NUMBER_ID)
            .from(TRUNKS)
            .where(where)
            .orderBy(TRUNKS.PHONE_NUMBER_ID, TRUNKS.CREATED_AT, TRUNKS.ID)
            .asTable("first_trunks");
    List<PhoneNumberId> ids =
        transactions
            .dsl()
            .select(first.field(TRUNKS.PHONE_NUMBER_ID))
            .from(first)
            .orderBy(first.field(TRUNKS.CREATED_AT), first.field(TRUNKS.ID))
            .limit(limit)
            .offset(offset)
            .fetch(r -> new PhoneNumberId(r.value1()));
    long total =
        transactions
            .dsl()
            .select(DSL.countDistinct(TRUNKS.PHONE_NUMBER_ID))
            .from(TRUNKS)
            .where(where)
            .fetchOne(0, Long.class);
    return new Page<>(ids, Optional.empty(), Optional.of(total));
  }

  private static Condition ownedBy(OrganizationId organizationId) {
    return TRUNKS.ORGANIZATION_ID.eq(organizationId.value());
  }

  private static Condition on(E164 number, TrunkChannel channel) {
    return TRUNKS.NUMBER.eq(number.value()).and(TRUNKS.CHANNEL.eq(Columns.lower(channel)));
  }

  private static TrunksRecord toRecord(Trunk t) {
    SipSettings sip = t.sip();
    TrunksRecord r = new TrunksRecord();
    r.setId(t.id().value());
    r.setOrganizationId(t.organizationId().value());
    r.setPhoneNumberId(t.phoneNumberId().value());
    r.setNumber(t.number().value());
    r.setCountry(t.number().country().value());
    r.setChannel(Columns.lower(t.channel()));
    r.setName(t.name().value());
    r.setDirection(t.direction().map(Columns::lower).orElse(null));
    r.setSipGateway(sip.gateway().map(SipHost::value).orElse(null));
    r.setSipPort(sip.port().map(SipPort::value).orElse(null));
    r.setSipUsername(sip.username().map(SealedSecret::ciphertext).orElse(null));
    r.setSipUsernameKeyId(sip.username().map(SealedSecret::keyId).orElse(null));
    r.setSipPassword(sip.password().map(SealedSecret::ciphertext).orElse(null));
    r.setSipPasswordKeyId(sip.password().map(SealedSecret::keyId).orElse(null));
    r.setSipSecondaryGateway(sip.secondaryGateway().map(SipHost::value).orElse(null));
    r.setAdditionalSettings(JSON.valueOf(t.additionalSettings().json()));
    r.setCreatedAt(Columns.time(t.createdAt()));
    r.setUpdatedAt(Columns.time(t.updatedAt()));
    r.setVersion(t.version());
    return r;
  }

  static Trunk toTrunk(TrunksRecord r) {
    var sip =
        new SipSettings(
            Optional.ofNullable(r.getSipGateway()).map(SipHost::new),
            Optional.ofNullable(r.getSipPort()).map(SipPort::new),
            sealed(r.getSipUsernameKeyId(), r.getSipUsername()),
            sealed(r.getSipPasswordKeyId(), r.getSipPassword()),
            Optional.ofNullable(r.getSipSecondaryGateway()).map(SipHost::new));
    return new Trunk(
        new TrunkId(r.getId()),
        new OrganizationId(r.getOrganizationId()),
        new PhoneNumberId(r.getPhoneNumberId()),
        new E164(r.getNumber(), CountryCode.of(r.getCountry())),
        Columns.parse(TrunkChannel.class, r.getChannel()),
        new TrunkName(r.getName()),
        Optional.ofNullable(r.getDirection()).map(d -> Columns.parse(TrunkDirection.class, d)),
        sip,
        new AdditionalSettings(r.getAdditionalSettings().data()),
        Columns.instant(r.getCreatedAt()),
        Columns.instant(r.getUpdatedAt()),
        r.getVersion());
  }

  private static Optional<SealedSecret> sealed(String keyId, byte[] ciphertext) {
    return ciphertext == null ? Optional.empty() : Optional.of(new SealedSecret(keyId, ciphertext));
  }
}
