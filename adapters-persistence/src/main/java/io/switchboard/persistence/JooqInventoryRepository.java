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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

public final class JooqInventoryRepository implements InventoryRepository {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  /**
   * The whole import in one statement: the offers as arrays (one per column, numbered in request
   * order), those held by an organization or as a trunk left out (and answered), of equal numbers
   * the first, inserted unless in stock. Answers the numbers held and the numbers added.
   */
  private static final String ADD_ALL_FREE =
      "WITH offer AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[],"
          + " ?::boolean[], ?::boolean[], ?::boolean[], ?::boolean[], ?::boolean[],"
          + " ?::text[]::numeric[], ?::text[], ?::text[], ?::text[]::jsonb[],"
          + " ?::text[]::timestamptz[], ?::text[]::timestamptz[])"
          + " WITH ORDINALITY AS o(number, country, type, capability_voice, capability_sms,"
          + " capability_mms, capability_fax, capability_emergency, capability_local_calling,"
          + " monthly_fee, currency, location, requirements, imported_at, available_from, ord)),"
          + " held AS (SELECT DISTINCT o.number FROM offer o"
          + " WHERE EXISTS (SELECT 1 FROM phone_numbers p"
          + " WHERE p.number = o.number AND p.status <> 'released')"
          + " OR EXISTS (SELECT 1 FROM trunks t WHERE t.number = o.number)),"
          + " added AS (INSERT INTO inventory_numbers (number, country, type, capability_voice,"
          + " capability_sms, capability_mms, capability_fax, capability_emergency,"
          + " capability_local_calling, monthly_fee, currency, location, requirements, imported_at,"
          + " available_from)"
          + " SELECT DISTINCT ON (o.number) o.number, o.country, o.type, o.capability_voice,"
          + " o.capability_sms, o.capability_mms, o.capability_fax, o.capability_emergency,"
          + " o.capability_local_calling, o.monthly_fee, o.currency, o.location, o.requirements,"
          + " o.imported_at, o.available_from FROM offer o"
          + " WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.number = o.number)"
          + " ORDER BY o.number, o.ord"
          + " ON CONFLICT (number) DO NOTHING RETURNING number)"
          + " SELECT number, true FROM held UNION ALL SELECT number, false FROM added";

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
  public List<Addition> addAllFree(List<AvailableNumber> offers) {
    if (offers.isEmpty()) {
      return List.of();
    }
    Set<String> held = new HashSet<>();
    Set<String> added = new HashSet<>();
    transactions.prepared(
        ADD_ALL_FREE,
        s -> {
          bindColumns(s, offers);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              (rs.getBoolean(2) ? held : added).add(rs.getString(1));
            }
          }
          return null;
        });
    var additions = new ArrayList<Addition>(offers.size());
    for (AvailableNumber offer : offers) {
      String number = offer.number().value();
      additions.add(
          held.contains(number)
              ? Addition.HELD
              // the first offer of a number took it: later ones find it in stock
              : added.remove(number) ? Addition.ADDED : Addition.ALREADY_IN_STOCK);
    }
    return additions;
  }

  /**
   * The offers as one array per column, in the order of {@link #ADD_ALL_FREE}'s parameters; values
   * the driver has no array type for travel as text and are cast in the statement.
   */
  private static void bindColumns(PreparedStatement s, List<AvailableNumber> offers)
      throws SQLException {
    int n = offers.size();
    String[] number = new String[n];
    String[] country = new String[n];
    String[] type = new String[n];
    Boolean[][] capabilities = new Boolean[6][n];
    String[] fee = new String[n];
    String[] currency = new String[n];
    String[] location = new String[n];
    String[] requirements = new String[n];
    String[] importedAt = new String[n];
    String[] availableFrom = new String[n];
    for (int i = 0; i < n; i++) {
      AvailableNumber o = offers.get(i);
      number[i] = o.number().value();
      country[i] = o.number().country().value();
      type[i] = Columns.lower(o.type());
      Capabilities c = o.capabilities();
      capabilities[0][i] = c.voice();
      capabilities[1][i] = c.sms();
      capabilities[2][i] = c.mms();
      capabilities[3][i] = c.fax();
      capabilities[4][i] = c.emergency();
      capabilities[5][i] = c.localCalling();
      fee[i] = o.monthlyFee().amount().toPlainString();
      currency[i] = o.monthlyFee().currency().getCurrencyCode();
      location[i] = o.location();
      requirements[i] = Columns.requirements(o.requirements()).data();
      // ISO 8601 in UTC, as timestamptz reads it; an import stamps all its offers with one instant
      importedAt[i] =
          i > 0 && o.importedAt().equals(offers.get(i - 1).importedAt())
              ? importedAt[i - 1]
              : o.importedAt().toString();
      availableFrom[i] =
          i > 0 && o.availableFrom().equals(offers.get(i - 1).availableFrom())
              ? availableFrom[i - 1]
              : o.availableFrom().toString();
    }
    Connection c = s.getConnection();
    int p = 1;
    s.setArray(p++, c.createArrayOf("text", number));
    s.setArray(p++, c.createArrayOf("text", country));
    s.setArray(p++, c.createArrayOf("text", type));
    for (Boolean[] capability : capabilities) {
      s.setArray(p++, c.createArrayOf("bool", capability));
    }
    s.setArray(p++, c.createArrayOf("text", fee));
    s.setArray(p++, c.createArrayOf("text", currency));
    s.setArray(p++, c.createArrayOf("text", location));
    s.setArray(p++, c.createArrayOf("text", requirements));
    s.setArray(p++, c.createArrayOf("text", importedAt));
    s.setArray(p, c.createArrayOf("text", availableFrom));
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
        new E164(r.getNumber(), CountryCode.of(r.getCountry())),
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
