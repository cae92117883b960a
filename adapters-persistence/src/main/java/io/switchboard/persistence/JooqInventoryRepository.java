package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.INVENTORY_NUMBERS;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.persistence.jooq.tables.records.InventoryNumbersRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

public final class JooqInventoryRepository implements InventoryRepository {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  private final JooqTransactions transactions;

  public JooqInventoryRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public boolean add(AvailableNumber number) {
    return transactions
            .dsl()
            .insertInto(INVENTORY_NUMBERS)
            .set(toRecord(number))
            .onConflict(INVENTORY_NUMBERS.NUMBER)
            .doNothing()
            .execute()
        == 1;
  }

  @Override
  public Optional<AvailableNumber> find(E164 number) {
    return transactions
        .dsl()
        .selectFrom(INVENTORY_NUMBERS)
        .where(INVENTORY_NUMBERS.NUMBER.eq(number.value()))
        .fetchOptional()
        .map(JooqInventoryRepository::toAvailableNumber);
  }

  @Override
  public List<AvailableNumber> lock(Collection<E164> numbers) {
    if (numbers.isEmpty()) {
      return List.of();
    }
    // ORDER BY under FOR UPDATE locks rows in number order, so two orders sharing numbers cannot
    // deadlock
    return transactions
        .dsl()
        .selectFrom(INVENTORY_NUMBERS)
        .where(INVENTORY_NUMBERS.NUMBER.in(numbers.stream().map(E164::value).distinct().toList()))
        .orderBy(INVENTORY_NUMBERS.NUMBER)
        .forUpdate()
        .fetch(JooqInventoryRepository::toAvailableNumber);
  }

  @Override
  public List<AvailableNumber> search(InventorySearch search, Instant now) {
    List<Condition> where = new ArrayList<>();
    where.add(INVENTORY_NUMBERS.AVAILABLE_FROM.le(Columns.time(now)));
    search.country().ifPresent(c -> where.add(INVENTORY_NUMBERS.COUNTRY.eq(c.value())));
    search.type().ifPresent(t -> where.add(INVENTORY_NUMBERS.TYPE.eq(Columns.lower(t))));
    search.pattern().ifPresent(p -> where.add(INVENTORY_NUMBERS.NUMBER.contains(p)));
    search.areaCode().ifPresent(a -> where.add(startsWithAreaCode(search.country(), a)));
    return transactions
        .dsl()
        .selectFrom(INVENTORY_NUMBERS)
        .where(where)
        .orderBy(INVENTORY_NUMBERS.NUMBER)
        .limit(search.limit())
        .fetch(JooqInventoryRepository::toAvailableNumber);
  }

  /** The digits right after the country calling code, which depends on each number's country. */
  private static Condition startsWithAreaCode(Optional<CountryCode> country, String areaCode) {
    if (country.isPresent()) {
      return INVENTORY_NUMBERS.NUMBER.startsWith(
          "+" + PHONE_NUMBERS.getCountryCodeForRegion(country.get().value()) + areaCode);
    }
    Map<String, String> callingCodes = new TreeMap<>();
    for (String region : PHONE_NUMBERS.getSupportedRegions()) {
      callingCodes.put(region, "+" + PHONE_NUMBERS.getCountryCodeForRegion(region));
    }
    Field<String> prefix = DSL.case_(INVENTORY_NUMBERS.COUNTRY).mapValues(callingCodes);
    return INVENTORY_NUMBERS.NUMBER.startsWith(prefix.concat(DSL.inline(areaCode)));
  }

  @Override
  public void remove(E164 number) {
    transactions
        .dsl()
        .deleteFrom(INVENTORY_NUMBERS)
        .where(INVENTORY_NUMBERS.NUMBER.eq(number.value()))
        .execute();
  }

  @Override
  public void putBack(AvailableNumber number) {
    InventoryNumbersRecord row = toRecord(number);
    transactions
        .dsl()
        .insertInto(INVENTORY_NUMBERS)
        .set(row)
        .onConflict(INVENTORY_NUMBERS.NUMBER)
        .doUpdate()
        .set(row)
        .execute();
  }

  private static InventoryNumbersRecord toRecord(AvailableNumber n) {
    InventoryNumbersRecord r = new InventoryNumbersRecord();
    r.setNumber(n.number().value());
    r.setCountry(n.number().country().value());
    r.setType(Columns.lower(n.type()));
    r.setCapabilityVoice(n.capabilities().voice());
    r.setCapabilitySms(n.capabilities().sms());
    r.setCapabilityMms(n.capabilities().mms());
    r.setCapabilityFax(n.capabilities().fax());
    r.setCapabilityEmergency(n.capabilities().emergency());
    r.setCapabilityLocalCalling(n.capabilities().localCalling());
    r.setMonthlyFee(n.monthlyFee().amount());
    r.setCurrency(n.monthlyFee().currency().getCurrencyCode());
    r.setLocation(n.location());
    r.setRequirements(Columns.requirements(n.requirements()));
    r.setImportedAt(Columns.time(n.importedAt()));
    r.setAvailableFrom(Columns.time(n.availableFrom()));
    return r;
  }

  private static AvailableNumber toAvailableNumber(InventoryNumbersRecord r) {
    return new AvailableNumber(
        new E164(r.getNumber(), new CountryCode(r.getCountry())),
        Columns.parse(NumberType.class, r.getType()),
        new Capabilities(
            r.getCapabilityVoice(),
            r.getCapabilitySms(),
            r.getCapabilityMms(),
            r.getCapabilityFax(),
            r.getCapabilityEmergency(),
            r.getCapabilityLocalCalling()),
        new Money(r.getMonthlyFee(), Money.currency(r.getCurrency())),
        r.getLocation(),
        Columns.requirements(r.getRequirements()),
        Columns.instant(r.getImportedAt()),
        Columns.instant(r.getAvailableFrom()));
  }
}
