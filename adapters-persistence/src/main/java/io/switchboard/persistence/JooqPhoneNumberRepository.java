package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.BINDINGS;
import static io.switchboard.persistence.jooq.Tables.CHANGE_EVENTS;
import static io.switchboard.persistence.jooq.Tables.PHONE_NUMBERS;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettings;
import io.switchboard.domain.channel.InboundChannel;
import io.switchboard.domain.channel.OutboundChannel;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.Compliance;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberSource;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.Routing;
import io.switchboard.persistence.jooq.tables.records.ChangeEventsRecord;
import io.switchboard.persistence.jooq.tables.records.PhoneNumbersRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Held (and released) numbers. Channel settings, routing and capabilities are flat columns so that
 * lists can filter and sort on them; webhooks and compliance requirements are jsonb. Updates are
 * optimistic on {@code version}.
 */
public final class JooqPhoneNumberRepository implements PhoneNumberRepository {
  private static final String RELEASED = Columns.lower(NumberStatus.RELEASED);

  private final JooqTransactions transactions;
  private final JooqChangeFeed feed;

  public JooqPhoneNumberRepository(JooqTransactions transactions, JooqChangeFeed feed) {
    this.transactions = transactions;
    this.feed = feed;
  }

  @Override
  public List<PhoneNumber> findAllById(
      OrganizationId organizationId, Collection<PhoneNumberId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return transactions
        .dsl()
        .selectFrom(PHONE_NUMBERS)
        .where(
            ownedBy(organizationId)
                .and(PHONE_NUMBERS.ID.in(ids.stream().map(PhoneNumberId::value).toList())))
        .fetch(JooqPhoneNumberRepository::toPhoneNumber);
  }

  @Override
  public Optional<PhoneNumber> findById(OrganizationId organizationId, PhoneNumberId id) {
    return transactions
        .dsl()
        .selectFrom(PHONE_NUMBERS)
        .where(ownedBy(organizationId).and(PHONE_NUMBERS.ID.eq(id.value())))
        .fetchOptional()
        .map(JooqPhoneNumberRepository::toPhoneNumber);
  }

  @Override
  public Optional<WithBindings> findByIdWithBindings(
      OrganizationId organizationId, PhoneNumberId id) {
    return transactions.prepared(
        BY_ID_WITH_BINDINGS,
        s -> {
          s.setObject(1, organizationId.value());
          s.setObject(2, id.value());
          return withBindings(s);
        });
  }

  @Override
  public Optional<WithBindings> findHeldWithBindings(OrganizationId organizationId, E164 number) {
    return transactions.prepared(
        HELD_WITH_BINDINGS,
        s -> {
          s.setObject(1, organizationId.value());
          s.setString(2, number.value());
          return withBindings(s);
        });
  }

  /**
   * The number's columns in the order {@link #phoneNumber(ResultSet)} reads them; jsonb as text,
   * which is what its parsers take.
   */
  private static final String NUMBER_COLUMNS =
      "p.id, p.organization_id, p.number, p.country, p.type, p.source, p.status,"
          + " p.compliance_status, p.compliance_requirements::text, p.capability_voice,"
          + " p.capability_sms, p.capability_mms, p.capability_fax, p.capability_emergency,"
          + " p.capability_local_calling, p.location, p.monthly_fee, p.currency, p.voice_enabled,"
          + " p.voice_channel_limit, p.voice_destinations, p.sms_enabled, p.sms_channel_limit,"
          + " p.sms_destinations, p.inbound_enabled, p.inbound_channel_limit, p.inbound_url,"
          + " p.status_url, p.label, p.campaign_id, p.webhooks::text, p.routing_policies::text,"
          + " p.created_at, p.updated_at, p.released_at, p.version";

  private static final int NUMBER_COLUMN_COUNT = 36;

  /**
   * The number joined with its (at most three) bindings and their agents' names, one row each:
   * fixed SQL, the hottest read of the service (GetPhoneNumber), so nothing is rendered per call.
   */
  private static final String WITH_BINDINGS =
      "SELECT "
          + NUMBER_COLUMNS
          + ", b.channel, b.agent_id, b.bound_at, a.display_name FROM phone_numbers p"
          + " LEFT JOIN bindings b ON b.phone_number_id = p.id"
          + " AND b.organization_id = p.organization_id"
          + " LEFT JOIN agents a ON a.organization_id = b.organization_id AND a.id = b.agent_id"
          + " WHERE p.organization_id = ? AND ";

  private static final String BY_ID_WITH_BINDINGS = WITH_BINDINGS + "p.id = ? ORDER BY b.channel";
  private static final String HELD_WITH_BINDINGS =
      WITH_BINDINGS + "p.number = ? AND p.status <> '" + RELEASED + "' ORDER BY b.channel";

  private static Optional<WithBindings> withBindings(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(withBindings(phoneNumber(rs), rs, NUMBER_COLUMN_COUNT));
    }
  }

  /**
   * The number with the bindings of its joined rows, starting at the current one: each row holds a
   * binding's channel, agent, binding time and agent name after {@code column}, or nulls for a
   * number without bindings.
   */
  private static WithBindings withBindings(PhoneNumber number, ResultSet rs, int column)
      throws SQLException {
    var bindings = new ArrayList<Binding>(3);
    var agentNames = new HashMap<AgentId, String>();
    do {
      String channel = rs.getString(column + 1);
      if (channel == null) {
        continue; // the left join's row of a number without bindings
      }
      var agent = new AgentId(rs.getString(column + 2));
      bindings.add(
          new Binding(
              number.organizationId(),
              number.id(),
              Columns.parse(BindingChannel.class, channel),
              agent,
              rs.getObject(column + 3, OffsetDateTime.class).toInstant()));
      String name = rs.getString(column + 4);
      if (name != null) {
        agentNames.put(agent, name);
      }
    } while (rs.next());
    return new WithBindings(number, bindings, agentNames);
  }

  /** The same mapping as {@link #toPhoneNumber(PhoneNumbersRecord)}, by column index. */
  private static PhoneNumber phoneNumber(ResultSet rs) throws SQLException {
    var settings =
        new ChannelSettings(
            new OutboundChannel(
                rs.getBoolean(19), new ChannelLimit(rs.getInt(20)), countries(rs.getArray(21))),
            new OutboundChannel(
                rs.getBoolean(22), new ChannelLimit(rs.getInt(23)), countries(rs.getArray(24))),
            new InboundChannel(rs.getBoolean(25), new ChannelLimit(rs.getInt(26))));
    var routing =
        new Routing(
            Optional.ofNullable(rs.getString(27)).map(HttpsUrl::new),
            Optional.ofNullable(rs.getString(28)).map(HttpsUrl::new),
            Optional.ofNullable(rs.getString(29)).map(Label::new),
            Optional.ofNullable(rs.getObject(30, UUID.class)).map(CampaignId::new),
            Columns.webhooks(rs.getString(31)),
            Columns.policies(rs.getString(32)));
    OffsetDateTime releasedAt = rs.getObject(35, OffsetDateTime.class);
    return new PhoneNumber(
        new PhoneNumberId(rs.getObject(1, UUID.class)),
        new OrganizationId(rs.getObject(2, UUID.class)),
        new E164(rs.getString(3), CountryCode.of(rs.getString(4))),
        Columns.parse(NumberType.class, rs.getString(5)),
        Columns.parse(NumberSource.class, rs.getString(6)),
        Columns.parse(NumberStatus.class, rs.getString(7)),
        new Compliance(
            Columns.parse(ComplianceStatus.class, rs.getString(8)),
            Columns.requirements(rs.getString(9))),
        new Capabilities(
            rs.getBoolean(10),
            rs.getBoolean(11),
            rs.getBoolean(12),
            rs.getBoolean(13),
            rs.getBoolean(14),
            rs.getBoolean(15)),
        rs.getString(16),
        new Money(rs.getBigDecimal(17), Money.currency(rs.getString(18))),
        settings,
        routing,
        rs.getObject(33, OffsetDateTime.class).toInstant(),
        rs.getObject(34, OffsetDateTime.class).toInstant(),
        Optional.ofNullable(releasedAt).map(OffsetDateTime::toInstant),
        rs.getLong(36));
  }

  private static List<CountryCode> countries(java.sql.Array column) throws SQLException {
    return Columns.countries((String[]) column.getArray());
  }

  @Override
  public Optional<PhoneNumber> lockById(OrganizationId organizationId, PhoneNumberId id) {
    return transactions.prepared(
        LOCK,
        s -> {
          s.setObject(1, organizationId.value());
          s.setObject(2, id.value());
          try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(phoneNumber(rs)) : Optional.empty();
          }
        });
  }

  /*
   * The update path's statements as SQL text made once: jOOQ would render them from the DSL on
   * every call (a fifth of the update handler's samples in a profile). Only the binds are rendered.
   */

  /** Only to name the columns' types in the statements below. */
  private static final org.jooq.Configuration RENDERING =
      new org.jooq.impl.DefaultConfiguration().set(org.jooq.SQLDialect.POSTGRES);

  /** The update's row lock: fixed SQL mapped by column index, as the hot reads are. */
  private static final String LOCK =
      "SELECT "
          + NUMBER_COLUMNS
          + " FROM phone_numbers p WHERE p.organization_id = ? AND p.id = ? FOR UPDATE";

  /** What an update writes: the organization, number and creation never change. */
  private static final List<Field<?>> WRITTEN =
      Arrays.stream(PHONE_NUMBERS.fields())
          .filter(f ->
              !f.equals(PHONE_NUMBERS.ID)
                  && !f.equals(PHONE_NUMBERS.ORGANIZATION_ID)
                  && !f.equals(PHONE_NUMBERS.CREATED_AT))
          .toList();

  private static final String UPDATE =
      "UPDATE phone_numbers SET "
          + WRITTEN.stream()
              .map(f -> "\"" + f.getName() + "\" = " + typed(f))
              .collect(Collectors.joining(", "))
          + " WHERE organization_id = ? AND id = ? AND version = ?";

  private static final List<Field<?>> EVENT_COLUMNS =
      Arrays.stream(CHANGE_EVENTS.fields())
          .filter(f -> !f.equals(CHANGE_EVENTS.REVISION) && !f.equals(CHANGE_EVENTS.ID))
          .toList();

  /**
   * The event is inserted from the UPDATE's RETURNING: it exists exactly when the version check
   * passed and the row changed.
   */
  private static final String UPDATE_WITH_EVENT =
      "WITH updated AS ("
          + UPDATE
          + " RETURNING id, organization_id), event AS (INSERT INTO change_events ("
          + EVENT_COLUMNS.stream()
              .map(f -> "\"" + f.getName() + "\"")
              .collect(Collectors.joining(", "))
          + ") SELECT "
          + EVENT_COLUMNS.stream()
              .map(JooqPhoneNumberRepository::typed)
              .collect(Collectors.joining(", "))
          + " FROM updated RETURNING id)"
          // the response's bindings, in the same round trip (the statement's snapshot is taken
          // under the row lock, and sees this transaction's own binding writes)
          + " SELECT event.id, b.channel, b.agent_id, b.bound_at, a.display_name"
          + " FROM event CROSS JOIN updated"
          + " LEFT JOIN bindings b ON b.phone_number_id = updated.id"
          + " AND b.organization_id = updated.organization_id"
          + " LEFT JOIN agents a ON a.organization_id = b.organization_id AND a.id = b.agent_id"
          + " ORDER BY b.channel";

  /**
   * A bind value cast to its column's type: pgjdbc sends text and json as varchar, and the SELECT
   * list of the event's INSERT has no column type to infer one from.
   */
  private static String typed(Field<?> column) {
    String type =
        column.getDataType().isJSON()
            ? "jsonb" // jsonb in the schema wherever the generated code says json
            : column.getDataType().getCastTypeName(RENDERING);
    return "CAST(? AS " + type + ")";
  }

  /**
   * The UPDATE's bind values, typed as their columns are, so jOOQ binds each as its column's type.
   */
  private static List<Object> updateBinds(PhoneNumber number) {
    PhoneNumbersRecord row = toRecord(number);
    List<Object> binds = new ArrayList<>(WRITTEN.size() + 3 + EVENT_COLUMNS.size());
    for (Field<?> f : WRITTEN) {
      binds.add(bind(row, f));
    }
    binds.add(number.organizationId().value());
    binds.add(number.id().value());
    binds.add(number.version() - 1);
    return binds;
  }

  private static <T> Param<T> bind(org.jooq.Record row, Field<T> field) {
    return DSL.val(row.get(field), field);
  }

  @Override
  public Optional<PhoneNumber> findHeld(OrganizationId organizationId, E164 number) {
    return transactions
        .dsl()
        .selectFrom(PHONE_NUMBERS)
        .where(ownedBy(organizationId).and(PHONE_NUMBERS.NUMBER.eq(number.value())).and(held()))
        .fetchOptional()
        .map(JooqPhoneNumberRepository::toPhoneNumber);
  }

  @Override
  public Optional<PhoneNumber> findHeldAnywhere(E164 number) {
    return transactions
        .dsl()
        .selectFrom(PHONE_NUMBERS)
        .where(PHONE_NUMBERS.NUMBER.eq(number.value()).and(held()))
        .fetchOptional()
        .map(JooqPhoneNumberRepository::toPhoneNumber);
  }

  @Override
  public Optional<PhoneNumber> findLatestReleased(E164 number) {
    return transactions
        .dsl()
        .selectFrom(PHONE_NUMBERS)
        .where(PHONE_NUMBERS.NUMBER.eq(number.value()).and(PHONE_NUMBERS.STATUS.eq(RELEASED)))
        .orderBy(PHONE_NUMBERS.RELEASED_AT.desc())
        .limit(1)
        .fetchOptional()
        .map(JooqPhoneNumberRepository::toPhoneNumber);
  }

  @Override
  public void insert(PhoneNumber number) {
    PhoneNumbersRecord row = toRecord(number);
    transactions.dsl().insertInto(PHONE_NUMBERS).set(row).execute();
  }

  @Override
  public void update(PhoneNumber number) {
    int updated = transactions.dsl().query(UPDATE, updateBinds(number).toArray()).execute();
    if (updated == 0) {
      throw ConcurrencyConflictException.staleEtag("phone number");
    }
  }

  /** One statement, one round trip: see {@link #UPDATE_WITH_EVENT}. */
  @Override
  public WithBindings update(PhoneNumber number, ChangeFeed.Entry change) {
    List<Object> binds = updateBinds(number);
    ChangeEventsRecord event = JooqChangeFeed.toRecord(change.event());
    for (Field<?> f : EVENT_COLUMNS) {
      binds.add(bind(event, f));
    }
    long eventId;
    WithBindings written;
    try (ResultSet rs =
        transactions.dsl().resultQuery(UPDATE_WITH_EVENT, binds.toArray()).fetchResultSet()) {
      if (!rs.next()) {
        throw ConcurrencyConflictException.staleEtag("phone number");
      }
      eventId = rs.getLong(1);
      written = withBindings(number, rs, 1); // the event's id, then the bindings' columns
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
    feed.appended(eventId, change.onRevision());
    return written;
  }

  @Override
  public void delete(OrganizationId organizationId, PhoneNumberId id) {
    transactions
        .dsl()
        .deleteFrom(PHONE_NUMBERS)
        .where(ownedBy(organizationId).and(PHONE_NUMBERS.ID.eq(id.value())))
        .execute();
  }

  @Override
  public Page<PhoneNumber, NumberCursor> list(OrganizationId organizationId, NumberQuery query) {
    DSLContext dsl = transactions.dsl();
    Condition filtered =
        ownedBy(organizationId).and(held()).and(matching(organizationId, query.filter()));
    Field<?> sortColumn = sortColumn(query.sort().field());
    Condition page =
        query.after().map(cursor -> after(cursor, query.sort())).orElse(DSL.noCondition());
    List<PhoneNumber> rows =
        dsl.selectFrom(PHONE_NUMBERS)
            .where(filtered)
            .and(page)
            .orderBy(order(sortColumn, query.sort().descending()))
            .limit(query.pageSize() + 1)
            .offset(query.offset())
            .fetch(JooqPhoneNumberRepository::toPhoneNumber);
    boolean more = rows.size() > query.pageSize();
    List<PhoneNumber> items = more ? rows.subList(0, query.pageSize()) : rows;
    Optional<NumberCursor> next =
        more
            ? Optional.of(cursorAfter(items.get(items.size() - 1), query.sort().field()))
            : Optional.empty();
    Optional<Long> total =
        query.withTotal()
            ? Optional.of((long) dsl.fetchCount(PHONE_NUMBERS, filtered))
            : Optional.empty();
    return new Page<>(items, next, total);
  }

  @Override
  public long countActivePurchased(OrganizationId organizationId) {
    return transactions
        .dsl()
        .fetchCount(
            PHONE_NUMBERS,
            ownedBy(organizationId)
                .and(PHONE_NUMBERS.STATUS.eq(Columns.lower(NumberStatus.ACTIVE)))
                .and(PHONE_NUMBERS.SOURCE.eq(Columns.lower(NumberSource.PURCHASED))));
  }

  /** The canonical text of a number's sort value, as {@link NumberCursor} documents it. */
  public static NumberCursor cursorAfter(PhoneNumber number, NumberSort.Field field) {
    String value =
        switch (field) {
          case CREATED_AT -> number.createdAt().toString();
          case MONTHLY_FEE -> number.monthlyFee().amount().toPlainString();
          case NUMBER -> number.number().value();
        };
    return new NumberCursor(field, value, number.id());
  }

  private static Condition ownedBy(OrganizationId organizationId) {
    return PHONE_NUMBERS.ORGANIZATION_ID.eq(organizationId.value());
  }

  private static Condition held() {
    return PHONE_NUMBERS.STATUS.ne(RELEASED);
  }

  private static Condition matching(OrganizationId organizationId, NumberFilter filter) {
    List<Condition> conditions = new ArrayList<>();
    filter.status().ifPresent(s -> conditions.add(PHONE_NUMBERS.STATUS.eq(Columns.lower(s))));
    filter.country().ifPresent(c -> conditions.add(PHONE_NUMBERS.COUNTRY.eq(c.value())));
    filter.type().ifPresent(t -> conditions.add(PHONE_NUMBERS.TYPE.eq(Columns.lower(t))));
    filter
        .compliance()
        .ifPresent(c -> conditions.add(PHONE_NUMBERS.COMPLIANCE_STATUS.eq(Columns.lower(c))));
    filter.campaign().ifPresent(c -> conditions.add(PHONE_NUMBERS.CAMPAIGN_ID.eq(c.value())));
    filter.search().ifPresent(s -> conditions.add(searching(s)));
    filter
        .boundToAgent()
        .ifPresent(agent ->
            conditions.add(
                DSL.exists(
                    DSL.selectOne()
                        .from(BINDINGS)
                        .where(BINDINGS.PHONE_NUMBER_ID.eq(PHONE_NUMBERS.ID))
                        .and(BINDINGS.ORGANIZATION_ID.eq(organizationId.value()))
                        .and(BINDINGS.AGENT_ID.eq(agent.value())))));
    if (!filter.includeExternal()) {
      conditions.add(PHONE_NUMBERS.SOURCE.eq(Columns.lower(NumberSource.PURCHASED)));
    }
    return DSL.and(conditions);
  }

  /**
   * A substring of the digits (ignoring +, spaces and dashes), the country code, or a substring of
   * the label.
   */
  private static Condition searching(String search) {
    List<Condition> any = new ArrayList<>();
    String digits = search.replaceAll("[+\\s\\-().]", "");
    if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
      any.add(PHONE_NUMBERS.NUMBER.contains(digits));
    }
    if (search.length() == 2 && search.chars().allMatch(Character::isLetter)) {
      any.add(PHONE_NUMBERS.COUNTRY.eq(search.toUpperCase(Locale.ROOT)));
    }
    any.add(
        PHONE_NUMBERS.LABEL.containsIgnoreCase(search)); // contains() escapes % and _ in the search
    return DSL.or(any);
  }

  private static Field<?> sortColumn(NumberSort.Field field) {
    return switch (field) {
      case CREATED_AT -> PHONE_NUMBERS.CREATED_AT;
      case MONTHLY_FEE -> PHONE_NUMBERS.MONTHLY_FEE;
      case NUMBER -> PHONE_NUMBERS.NUMBER;
    };
  }

  private static List<SortField<?>> order(Field<?> column, boolean descending) {
    return descending
        ? List.of(column.desc(), PHONE_NUMBERS.ID.desc())
        : List.of(column.asc(), PHONE_NUMBERS.ID.asc());
  }

  /**
   * Rows strictly after the cursor in the sort order: a row-value comparison over (sort value, id).
   */
  private static Condition after(NumberCursor cursor, NumberSort sort) {
    var id = cursor.afterId().value();
    return switch (sort.field()) {
      case CREATED_AT -> {
        var value = Columns.time(parseCursor(cursor.sortValue(), Instant::parse));
        var row = DSL.row(PHONE_NUMBERS.CREATED_AT, PHONE_NUMBERS.ID);
        yield sort.descending() ? row.lt(value, id) : row.gt(value, id);
      }
      case MONTHLY_FEE -> {
        var value = parseCursor(cursor.sortValue(), BigDecimal::new);
        var row = DSL.row(PHONE_NUMBERS.MONTHLY_FEE, PHONE_NUMBERS.ID);
        yield sort.descending() ? row.lt(value, id) : row.gt(value, id);
      }
      case NUMBER -> {
        var row = DSL.row(PHONE_NUMBERS.NUMBER, PHONE_NUMBERS.ID);
        yield sort.descending() ? row.lt(cursor.sortValue(), id) : row.gt(cursor.sortValue(), id);
      }
    };
  }

  private static <T> T parseCursor(String text, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw InvalidArgumentException.of("page_token", "is not a valid page token");
    }
  }

  private static PhoneNumbersRecord toRecord(PhoneNumber n) {
    ChannelSettings settings = n.channelSettings();
    Routing routing = n.routing();
    Capabilities caps = n.capabilities();
    PhoneNumbersRecord r = new PhoneNumbersRecord();
    r.setId(n.id().value());
    r.setOrganizationId(n.organizationId().value());
    r.setNumber(n.number().value());
    r.setCountry(n.number().country().value());
    r.setType(Columns.lower(n.type()));
    r.setSource(Columns.lower(n.source()));
    r.setStatus(Columns.lower(n.status()));
    r.setComplianceStatus(Columns.lower(n.compliance().status()));
    r.setComplianceRequirements(Columns.requirements(n.compliance().requirements()));
    r.setCapabilityVoice(caps.voice());
    r.setCapabilitySms(caps.sms());
    r.setCapabilityMms(caps.mms());
    r.setCapabilityFax(caps.fax());
    r.setCapabilityEmergency(caps.emergency());
    r.setCapabilityLocalCalling(caps.localCalling());
    r.setLocation(n.location());
    r.setMonthlyFee(n.monthlyFee().amount());
    r.setCurrency(n.monthlyFee().currency().getCurrencyCode());
    r.setVoiceEnabled(settings.voice().enabled());
    r.setVoiceChannelLimit(settings.voice().channelLimit().value());
    r.setVoiceDestinations(Columns.countries(settings.voice().whitelistedDestinations()));
    r.setSmsEnabled(settings.sms().enabled());
    r.setSmsChannelLimit(settings.sms().channelLimit().value());
    r.setSmsDestinations(Columns.countries(settings.sms().whitelistedDestinations()));
    r.setInboundEnabled(settings.inbound().enabled());
    r.setInboundChannelLimit(settings.inbound().channelLimit().value());
    r.setInboundUrl(routing.inboundUrl().map(HttpsUrl::value).orElse(null));
    r.setStatusUrl(routing.statusUrl().map(HttpsUrl::value).orElse(null));
    r.setLabel(routing.label().map(Label::value).orElse(null));
    r.setCampaignId(routing.campaignId().map(CampaignId::value).orElse(null));
    r.setWebhooks(Columns.webhooks(routing.webhooks()));
    r.setRoutingPolicies(Columns.policies(routing.policies()));
    r.setCreatedAt(Columns.time(n.createdAt()));
    r.setUpdatedAt(Columns.time(n.updatedAt()));
    r.setReleasedAt(n.releasedAt().map(Columns::time).orElse(null));
    r.setVersion(n.version());
    return r;
  }

  static PhoneNumber toPhoneNumber(PhoneNumbersRecord r) {
    var settings =
        new ChannelSettings(
            new OutboundChannel(
                r.getVoiceEnabled(),
                new ChannelLimit(r.getVoiceChannelLimit()),
                Columns.countries(r.getVoiceDestinations())),
            new OutboundChannel(
                r.getSmsEnabled(),
                new ChannelLimit(r.getSmsChannelLimit()),
                Columns.countries(r.getSmsDestinations())),
            new InboundChannel(
                r.getInboundEnabled(), new ChannelLimit(r.getInboundChannelLimit())));
    var routing =
        new Routing(
            Optional.ofNullable(r.getInboundUrl()).map(HttpsUrl::new),
            Optional.ofNullable(r.getStatusUrl()).map(HttpsUrl::new),
            Optional.ofNullable(r.getLabel()).map(Label::new),
            Optional.ofNullable(r.getCampaignId()).map(CampaignId::new),
            Columns.webhooks(r.getWebhooks()),
            Columns.policies(r.getRoutingPolicies()));
    return new PhoneNumber(
        new PhoneNumberId(r.getId()),
        new OrganizationId(r.getOrganizationId()),
        new E164(r.getNumber(), CountryCode.of(r.getCountry())),
        Columns.parse(NumberType.class, r.getType()),
        Columns.parse(NumberSource.class, r.getSource()),
        Columns.parse(NumberStatus.class, r.getStatus()),
        new Compliance(
            Columns.parse(ComplianceStatus.class, r.getComplianceStatus()),
            Columns.requirements(r.getComplianceRequirements())),
        new Capabilities(
            r.getCapabilityVoice(),
            r.getCapabilitySms(),
            r.getCapabilityMms(),
            r.getCapabilityFax(),
            r.getCapabilityEmergency(),
            r.getCapabilityLocalCalling()),
        r.getLocation(),
        new Money(r.getMonthlyFee(), Money.currency(r.getCurrency())),
        settings,
        routing,
        Columns.instant(r.getCreatedAt()),
        Columns.instant(r.getUpdatedAt()),
        Optional.ofNullable(r.getReleasedAt()).map(Columns::instant),
        r.getVersion());
  }
}
