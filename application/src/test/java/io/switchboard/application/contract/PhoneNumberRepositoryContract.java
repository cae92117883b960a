package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public abstract class PhoneNumberRepositoryContract extends PortContract {
  private PhoneNumberRepository numbers() {
    return ports().numbers();
  }

  @Test
  void a_number_reads_back_with_every_field() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.withEveryField(org);

    numbers().insert(number);

    assertThat(numbers().findById(org, number.id())).contains(number);
    assertThat(numbers().findHeld(org, number.number())).contains(number);
    assertThat(numbers().findHeldAnywhere(number.number())).contains(number);
  }

  @Test
  void another_organizations_number_is_not_found() {
    OrganizationId owner = newOrganization();
    OrganizationId stranger = newOrganization();
    PhoneNumber number = Samples.purchased(owner, Samples.T0);
    numbers().insert(number);

    assertThat(numbers().findById(stranger, number.id())).isEmpty();
    assertThat(
            ports().transactions().inTransaction(() -> numbers().lockById(stranger, number.id())))
        .isEmpty();
    assertThat(numbers().findHeld(stranger, number.number())).isEmpty();
    assertThat(
            numbers()
                .list(stranger, query(NumberFilter.EVERYTHING, NumberSort.NEWEST_FIRST, 10))
                .items())
        .isEmpty();
    assertThat(numbers().countActivePurchased(stranger)).isZero();
  }

  @Test
  void an_update_stores_the_new_state_and_advances_the_version() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);

    PhoneNumber labelled =
        ports()
            .transactions()
            .inTransaction(() -> {
              PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
              PhoneNumber next =
                  locked.withRouting(labelPatch("Front desk"), Samples.T0.plusSeconds(5));
              numbers().update(next);
              return next;
            });

    assertThat(numbers().findById(org, number.id())).contains(labelled);
    assertThat(labelled.version()).isEqualTo(2);
  }

  @Test
  void policies_are_stored_with_the_number_and_cleared_with_it() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    var policies =
        io.switchboard.domain.routing.policy.PolicyDocument.parsePatch(
            java.util.Map.of(
                "call",
                java.util.Map.of(
                    "fallback", java.util.Map.of("sip_uri", "sip:desk@sip.example.com"),
                    "business_hours",
                        java.util.Map.of(
                            "time_zone", "America/New_York",
                            "weekly", java.util.Map.of("friday", List.of("22:00-06:00")),
                            "exceptions", java.util.Map.of("2026-12-25", List.of())))),
            "policies");

    PhoneNumber withPolicies =
        ports()
            .transactions()
            .inTransaction(() -> {
              PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
              PhoneNumber next =
                  locked.withRouting(
                      RoutingPatch.NONE.withPolicies(policies), Samples.T0.plusSeconds(5));
              numbers().update(next);
              return next;
            });
    PhoneNumber cleared =
        ports()
            .transactions()
            .inTransaction(() -> {
              PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
              PhoneNumber next =
                  locked.withRouting(
                      RoutingPatch.NONE.withPolicies(
                          io.switchboard.domain.routing.policy.RoutingPoliciesPatch.clearAll()),
                      Samples.T0.plusSeconds(6));
              numbers().update(next);
              return next;
            });

    assertThat(withPolicies.routing().policies().isEmpty()).isFalse();
    assertThat(numbers().findById(org, number.id())).contains(cleared);
    assertThat(cleared.routing().policies().isEmpty()).isTrue();
  }

  @Test
  void policies_read_back_exactly_as_written() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    var policies =
        io.switchboard.domain.routing.policy.PolicyDocument.parsePatch(
            java.util.Map.of(
                "sms",
                java.util.Map.of(
                    "caller_screening",
                    java.util.Map.of(
                        "allow",
                        List.of("+49"),
                        "deny",
                        List.of("+49900"),
                        "reject_anonymous",
                        true))),
            "policies");

    PhoneNumber written =
        ports()
            .transactions()
            .inTransaction(() -> {
              PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
              PhoneNumber next =
                  locked.withRouting(
                      RoutingPatch.NONE.withPolicies(policies), Samples.T0.plusSeconds(5));
              numbers().update(next);
              return next;
            });

    assertThat(numbers().findById(org, number.id())).contains(written);
  }

  @Test
  void an_update_with_its_event_stores_both_and_the_writer_learns_the_revision_before_returning() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    List<Long> told = new ArrayList<>();
    ChangeEvent event =
        ChangeFeedContract.event(org, number.id().toString(), number.number().value());

    PhoneNumber labelled =
        ports()
            .transactions()
            .inTransaction(() -> {
              PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
              PhoneNumber next =
                  locked.withRouting(labelPatch("Front desk"), Samples.T0.plusSeconds(5));
              numbers().update(next, new ChangeFeed.Entry(event, told::add));
              return next;
            });

    assertThat(numbers().findById(org, number.id())).contains(labelled);
    List<ChangeEvent> events = ports().changeFeed().after(org, 0, 10);
    assertThat(events).hasSize(1);
    assertThat(events.get(0))
        .usingRecursiveComparison()
        .ignoringFields("revision")
        .isEqualTo(event);
    assertThat(told).containsExactly(events.get(0).revision());
  }

  @Test
  void an_update_with_its_event_answers_with_the_bindings_the_transaction_sees_after_it() {
    OrganizationId org = newOrganization();
    var agentC = newAgent(org, "agent-c");
    newAgent(org, "agent-s");
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    var call = new Binding(org, number.id(), BindingChannel.CALL, agentC.id(), Samples.T0);
    ports().bindings().put(call);
    ChangeEvent event =
        ChangeFeedContract.event(org, number.id().toString(), number.number().value());

    PhoneNumberRepository.WithBindings written =
        ports()
            .transactions()
            .inTransaction(() -> {
              PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
              // written earlier in the same transaction: part of the answer
              ports()
                  .bindings()
                  .put(
                      new Binding(
                          org,
                          number.id(),
                          BindingChannel.SMS,
                          new AgentId("agent-s"),
                          Samples.T0.plusSeconds(2)));
              PhoneNumber next =
                  locked.withRouting(labelPatch("Front desk"), Samples.T0.plusSeconds(5));
              return numbers().update(next, new ChangeFeed.Entry(event, revision -> {}));
            });

    assertThat(written).isEqualTo(numbers().findByIdWithBindings(org, number.id()).orElseThrow());
    assertThat(written.bindings())
        .extracting(Binding::channel)
        .containsExactly(BindingChannel.CALL, BindingChannel.SMS);
    assertThat(written.agentNames()).containsEntry(agentC.id(), agentC.displayName()).hasSize(2);
    PhoneNumber lonely = insert(Samples.purchased(org, Samples.T0));
    PhoneNumberRepository.WithBindings alone =
        ports()
            .transactions()
            .inTransaction(() ->
                numbers()
                    .update(
                        lonely.withRouting(labelPatch("alone"), Samples.T0.plusSeconds(1)),
                        new ChangeFeed.Entry(
                            ChangeFeedContract.event(
                                org, lonely.id().toString(), lonely.number().value()),
                            revision -> {})));
    assertThat(alone.bindings()).isEmpty();
    assertThat(alone.agentNames()).isEmpty();
  }

  @Test
  void an_update_with_its_event_from_a_stale_version_conflicts_and_appends_nothing() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    PhoneNumber first = number.withRouting(labelPatch("first"), Samples.T0.plusSeconds(1));
    PhoneNumber concurrent =
        number.withRouting(labelPatch("concurrent"), Samples.T0.plusSeconds(2));
    numbers().update(first);
    List<Long> told = new ArrayList<>();
    ChangeEvent event =
        ChangeFeedContract.event(org, number.id().toString(), number.number().value());

    assertThatThrownBy(() ->
            ports()
                .transactions()
                .run(() -> numbers().update(concurrent, new ChangeFeed.Entry(event, told::add))))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ETAG_MISMATCH));
    assertThat(numbers().findById(org, number.id())).contains(first);
    assertThat(ports().changeFeed().after(org, 0, 10)).isEmpty();
    assertThat(told).isEmpty();
  }

  @Test
  void an_update_with_its_event_rolls_back_with_its_transaction_leaving_neither() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    List<Long> told = new ArrayList<>();
    ChangeEvent event =
        ChangeFeedContract.event(org, number.id().toString(), number.number().value());

    assertThatThrownBy(() ->
            ports()
                .transactions()
                .run(() -> {
                  PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
                  numbers()
                      .update(
                          locked.withRouting(labelPatch("gone"), Samples.T0.plusSeconds(5)),
                          new ChangeFeed.Entry(event, told::add));
                  throw new IllegalStateException("rolled back");
                }))
        .hasMessage("rolled back");
    assertThat(numbers().findById(org, number.id())).contains(number);
    assertThat(ports().changeFeed().after(org, 0, 10)).isEmpty();
    assertThat(told).isEmpty();
  }

  @Test
  void an_update_from_a_stale_version_is_a_concurrency_conflict_and_changes_nothing() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    PhoneNumber first = number.withRouting(labelPatch("first"), Samples.T0.plusSeconds(1));
    PhoneNumber concurrent =
        number.withRouting(labelPatch("concurrent"), Samples.T0.plusSeconds(2));
    numbers().update(first);

    assertThatThrownBy(() -> numbers().update(concurrent))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ETAG_MISMATCH));
    assertThat(numbers().findById(org, number.id())).contains(first);
  }

  @Test
  void concurrent_locked_read_modify_writes_of_one_number_lose_no_update() throws Exception {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    numbers().insert(number);
    int writers = 32;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        done.add(
            threads.submit(() ->
                ports()
                    .transactions()
                    .run(() -> {
                      // lockById serializes the writers: each sees the previous one's limit and
                      // version
                      PhoneNumber locked = numbers().lockById(org, number.id()).orElseThrow();
                      var voice = locked.channelSettings().voice();
                      var patch =
                          new ChannelSettingsPatch(
                              new OutboundChannelPatch(
                                  Patch.keep(),
                                  Patch.set(new ChannelLimit(voice.channelLimit().value() + 1)),
                                  Patch.keep()),
                              OutboundChannelPatch.NONE,
                              InboundChannelPatch.NONE);
                      numbers()
                          .update(locked.withChannelSettings(patch, Samples.T0.plusSeconds(1)));
                    })));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    PhoneNumber result = numbers().findById(org, number.id()).orElseThrow();
    assertThat(result.channelSettings().voice().channelLimit().value()).isEqualTo(writers);
    assertThat(result.version()).isEqualTo(1 + writers);
  }

  @Test
  void a_held_number_cannot_be_held_twice_but_can_be_held_again_after_release() {
    OrganizationId first = newOrganization();
    OrganizationId second = newOrganization();
    PhoneNumber held = Samples.purchased(first, Samples.T0);
    numbers().insert(held);
    PhoneNumber sameNumber =
        PhoneNumber.purchase(
            PhoneNumberId.random(),
            second,
            Samples.offer(held.number(), "1"),
            Samples.T0.plusSeconds(1));

    assertThatThrownBy(() -> numbers().insert(sameNumber))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("PHONE_NUMBER_ALREADY_HELD"));

    PhoneNumber released = held.release(Samples.T0.plusSeconds(10));
    numbers().update(released);
    numbers().insert(sameNumber);

    assertThat(numbers().findHeldAnywhere(held.number())).contains(sameNumber);
    assertThat(numbers().findLatestReleased(held.number())).contains(released);
    assertThat(numbers().findById(first, held.id())).contains(released);
    assertThat(numbers().findHeld(first, held.number())).isEmpty();
  }

  @Test
  void the_latest_release_is_the_most_recent_one() {
    OrganizationId org = newOrganization();
    E164 e164 = Samples.uniqueNumber();
    PhoneNumber older = purchase(org, e164, "1", Samples.T0).release(Samples.T0.plusSeconds(100));
    PhoneNumber newer =
        purchase(org, e164, "1", Samples.T0.plusSeconds(200)).release(Samples.T0.plusSeconds(300));
    insertReleased(older);
    insertReleased(newer);

    assertThat(numbers().findLatestReleased(e164)).contains(newer);
  }

  @Test
  void released_numbers_are_never_listed_nor_counted() {
    OrganizationId org = newOrganization();
    PhoneNumber kept = Samples.purchased(org, Samples.T0);
    PhoneNumber gone = Samples.purchased(org, Samples.T0.plusSeconds(1));
    numbers().insert(kept);
    numbers().insert(gone);
    numbers().update(gone.release(Samples.T0.plusSeconds(2)));

    Page<PhoneNumber, NumberCursor> page =
        numbers().list(org, withTotal(NumberFilter.EVERYTHING, 10));

    assertThat(page.items()).containsExactly(kept);
    assertThat(page.total()).contains(1L);
    assertThat(numbers().countActivePurchased(org)).isEqualTo(1);
  }

  static Stream<Arguments> sorts() {
    return Stream.of(NumberSort.Field.values())
        .flatMap(field -> Stream.of(Arguments.of(field, false), Arguments.of(field, true)));
  }

  @ParameterizedTest(name = "{0} descending={1}")
  @MethodSource("sorts")
  void keyset_pages_visit_every_number_exactly_once_in_sort_order(
      NumberSort.Field field, boolean descending) {
    OrganizationId org = newOrganization();
    List<PhoneNumber> all = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      // few distinct fees and timestamps, so ties are broken by id across page boundaries
      PhoneNumber n =
          purchase(
              org,
              Samples.uniqueNumber(),
              List.of("0.5", "1", "1.15", "20").get(i % 4),
              Samples.T0.plusSeconds(i / 3));
      all.add(n);
    }
    all.forEach(numbers()::insert);
    NumberSort sort = new NumberSort(field, descending);

    List<PhoneNumber> visited = new ArrayList<>();
    Optional<NumberCursor> after = Optional.empty();
    int pages = 0;
    do {
      Page<PhoneNumber, NumberCursor> page =
          numbers().list(org, new NumberQuery(NumberFilter.EVERYTHING, sort, 17, after, 0, false));
      visited.addAll(page.items());
      after = page.next();
      pages++;
    } while (after.isPresent() && pages < 100);

    assertThat(visited).containsExactlyElementsOf(sorted(all, field, descending));
    assertThat(new HashSet<>(visited)).hasSize(250);
    assertThat(pages).isEqualTo((250 + 16) / 17);
  }

  @Test
  void offset_pages_and_the_total_follow_the_same_order() {
    OrganizationId org = newOrganization();
    List<PhoneNumber> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(purchase(org, Samples.uniqueNumber(), "1", Samples.T0.plusSeconds(i)));
    }
    all.forEach(numbers()::insert);

    Page<PhoneNumber, NumberCursor> third =
        numbers()
            .list(
                org,
                new NumberQuery(
                    NumberFilter.EVERYTHING,
                    NumberSort.NEWEST_FIRST,
                    10,
                    Optional.empty(),
                    20,
                    true));
    Page<PhoneNumber, NumberCursor> beyond =
        numbers()
            .list(
                org,
                new NumberQuery(
                    NumberFilter.EVERYTHING,
                    NumberSort.NEWEST_FIRST,
                    10,
                    Optional.empty(),
                    30,
                    true));

    assertThat(third.items())
        .containsExactlyElementsOf(sorted(all, NumberSort.Field.CREATED_AT, true).subList(20, 30));
    assertThat(third.next()).isEmpty();
    assertThat(third.total()).contains(30L);
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).contains(30L);
  }

  @Test
  void every_filter_selects_exactly_the_matching_numbers() {
    OrganizationId org = newOrganization();
    newAgent(org, "agent-a");
    PhoneNumber plain =
        insert(purchase(org, new E164("+14155550101", new CountryCode("US")), "1", Samples.T0));
    PhoneNumber labelled =
        insert(
            plain(org, "+442071234567", "GB", NumberType.MOBILE)
                .withRouting(labelPatch("Sales 100% Team"), Samples.T0.plusSeconds(1)));
    PhoneNumber pending = insert(Samples.withEveryField(org));
    PhoneNumber bound =
        insert(purchase(org, Samples.uniqueNumber(), "2", Samples.T0.plusSeconds(3)));
    ports()
        .bindings()
        .put(new Binding(org, bound.id(), BindingChannel.SMS, new AgentId("agent-a"), Samples.T0));
    PhoneNumber external =
        insert(
            PhoneNumber.registerExternal(
                PhoneNumberId.random(),
                org,
                new E164("+4930123456", new CountryCode("DE")),
                Currency.getInstance("EUR"),
                Samples.T0));

    assertThat(ids(org, filter(f -> f)))
        .containsExactlyInAnyOrder(plain.id(), labelled.id(), pending.id(), bound.id());
    assertThat(ids(org, NumberFilter.EVERYTHING)).contains(external.id()).hasSize(5);
    assertThat(
            ids(
                org,
                filter(f ->
                    new NumberFilter(
                        Optional.of(NumberStatus.PENDING),
                        f.country(),
                        f.type(),
                        f.compliance(),
                        f.search(),
                        f.boundToAgent(),
                        f.campaign(),
                        false))))
        .containsExactly(pending.id());
    assertThat(
            ids(
                org,
                filter(f ->
                    new NumberFilter(
                        f.status(),
                        Optional.of(new CountryCode("GB")),
                        f.type(),
                        f.compliance(),
                        f.search(),
                        f.boundToAgent(),
                        f.campaign(),
                        false))))
        .containsExactly(labelled.id());
    assertThat(
            ids(
                org,
                filter(f ->
                    new NumberFilter(
                        f.status(),
                        f.country(),
                        Optional.of(NumberType.TOLL_FREE),
                        f.compliance(),
                        f.search(),
                        f.boundToAgent(),
                        f.campaign(),
                        false))))
        .containsExactly(pending.id());
    assertThat(
            ids(
                org,
                filter(f ->
                    new NumberFilter(
                        f.status(),
                        f.country(),
                        f.type(),
                        Optional.of(ComplianceStatus.REQUIREMENT_PENDING),
                        f.search(),
                        f.boundToAgent(),
                        f.campaign(),
                        false))))
        .containsExactly(pending.id());
    assertThat(
            ids(
                org,
                filter(f ->
                    new NumberFilter(
                        f.status(),
                        f.country(),
                        f.type(),
                        f.compliance(),
                        f.search(),
                        Optional.of(new AgentId("agent-a")),
                        f.campaign(),
                        false))))
        .containsExactly(bound.id());
    assertThat(
            ids(
                org,
                filter(f ->
                    new NumberFilter(
                        f.status(),
                        f.country(),
                        f.type(),
                        f.compliance(),
                        f.search(),
                        f.boundToAgent(),
                        pending.routing().campaignId(),
                        false))))
        .containsExactly(pending.id());
    assertThat(ids(search(org, "555-0101"))).containsExactly(plain.id());
    assertThat(ids(search(org, "+44 20"))).containsExactly(labelled.id());
    assertThat(ids(search(org, "gb"))).containsExactly(labelled.id());
    assertThat(ids(search(org, "sales"))).containsExactly(labelled.id());
    assertThat(ids(search(org, "100%"))).containsExactly(labelled.id());
    assertThat(ids(search(org, "_"))).isEmpty();
  }

  @Test
  void only_active_purchased_numbers_count_against_the_cap() {
    OrganizationId org = newOrganization();
    insert(Samples.purchased(org, Samples.T0));
    insert(Samples.purchased(org, Samples.T0));
    insert(Samples.withEveryField(org)); // pending
    insert(
        PhoneNumber.registerExternal(
            PhoneNumberId.random(),
            org,
            Samples.uniqueNumber(),
            Currency.getInstance("USD"),
            Samples.T0));

    assertThat(numbers().countActivePurchased(org)).isEqualTo(2);
  }

  @Test
  void deleting_a_number_removes_its_bindings() {
    OrganizationId org = newOrganization();
    newAgent(org, "agent-d");
    PhoneNumber number =
        insert(
            PhoneNumber.registerExternal(
                PhoneNumberId.random(),
                org,
                Samples.uniqueNumber(),
                Currency.getInstance("USD"),
                Samples.T0));
    ports()
        .bindings()
        .put(
            new Binding(org, number.id(), BindingChannel.CALL, new AgentId("agent-d"), Samples.T0));

    numbers().delete(org, number.id());

    assertThat(numbers().findById(org, number.id())).isEmpty();
    assertThat(ports().bindings().findByNumber(org, number.id())).isEmpty();
  }

  @Test
  void a_number_reads_with_its_bindings_and_agent_names_in_one_go() {
    OrganizationId org = newOrganization();
    var agentW = newAgent(org, "agent-w");
    var agentC = newAgent(org, "agent-c");
    PhoneNumber number = Samples.withEveryField(org);
    numbers().insert(number);
    PhoneNumber lonely = insert(Samples.purchased(org, Samples.T0));
    var whatsapp =
        new Binding(org, number.id(), BindingChannel.WHATSAPP, new AgentId("agent-w"), Samples.T0);
    var call =
        new Binding(
            org,
            number.id(),
            BindingChannel.CALL,
            new AgentId("agent-c"),
            Samples.T0.plusSeconds(1));
    ports().bindings().put(whatsapp);
    ports().bindings().put(call);

    PhoneNumberRepository.WithBindings byId =
        numbers().findByIdWithBindings(org, number.id()).orElseThrow();
    PhoneNumberRepository.WithBindings byNumber =
        numbers().findHeldWithBindings(org, number.number()).orElseThrow();

    assertThat(byId).isEqualTo(byNumber);
    assertThat(byId.number()).isEqualTo(number);
    assertThat(byId.bindings()).containsExactly(call, whatsapp); // by channel
    assertThat(byId.agentNames())
        .isEqualTo(
            java.util.Map.of(agentW.id(), agentW.displayName(), agentC.id(), agentC.displayName()));
    PhoneNumberRepository.WithBindings alone =
        numbers().findByIdWithBindings(org, lonely.id()).orElseThrow();
    assertThat(alone.number()).isEqualTo(lonely);
    assertThat(alone.bindings()).isEmpty();
    assertThat(alone.agentNames()).isEmpty();
  }

  @Test
  void a_number_with_bindings_is_not_found_across_organizations_nor_once_released() {
    OrganizationId owner = newOrganization();
    OrganizationId stranger = newOrganization();
    PhoneNumber number = insert(Samples.purchased(owner, Samples.T0));

    assertThat(numbers().findByIdWithBindings(stranger, number.id())).isEmpty();
    assertThat(numbers().findHeldWithBindings(stranger, number.number())).isEmpty();
    assertThat(numbers().findByIdWithBindings(owner, PhoneNumberId.random())).isEmpty();

    numbers().update(number.release(Samples.T0.plusSeconds(10)));

    assertThat(numbers().findHeldWithBindings(owner, number.number())).isEmpty();
    assertThat(numbers().findByIdWithBindings(owner, number.id()))
        .hasValueSatisfying(read -> assertThat(read.number().isReleased()).isTrue());
  }

  // --- helpers ---

  private List<PhoneNumberId> ids(OrganizationId org, NumberFilter filter) {
    return numbers().list(org, query(filter, NumberSort.OLDEST_FIRST, 100)).items().stream()
        .map(PhoneNumber::id)
        .toList();
  }

  private List<PhoneNumberId> ids(Page<PhoneNumber, NumberCursor> page) {
    return page.items().stream().map(PhoneNumber::id).toList();
  }

  private Page<PhoneNumber, NumberCursor> search(OrganizationId org, String text) {
    return numbers()
        .list(
            org,
            query(
                filter(f ->
                    new NumberFilter(
                        f.status(),
                        f.country(),
                        f.type(),
                        f.compliance(),
                        Optional.of(text),
                        f.boundToAgent(),
                        f.campaign(),
                        false)),
                NumberSort.OLDEST_FIRST,
                100));
  }

  private static NumberFilter filter(Function<NumberFilter, NumberFilter> change) {
    return change.apply(NumberFilter.ALL_PURCHASED);
  }

  private PhoneNumber insert(PhoneNumber number) {
    numbers().insert(number);
    return number;
  }

  private void insertReleased(PhoneNumber released) {
    // released rows do not take part in the held-number uniqueness, so history can hold many
    numbers().insert(released);
  }

  private static PhoneNumber purchase(
      OrganizationId org, E164 number, String fee, java.time.Instant at) {
    return PhoneNumber.purchase(PhoneNumberId.random(), org, Samples.offer(number, fee), at);
  }

  private static PhoneNumber plain(
      OrganizationId org, String e164, String country, NumberType type) {
    var offer =
        new io.switchboard.domain.inventory.AvailableNumber(
            new E164(e164, new CountryCode(country)),
            type,
            io.switchboard.domain.number.Capabilities.VOICE_AND_SMS,
            Money.of("3", "GBP"),
            "London",
            List.of(),
            Samples.T0,
            Samples.T0);
    return PhoneNumber.purchase(PhoneNumberId.random(), org, offer, Samples.T0.plusSeconds(1));
  }

  private static RoutingPatch labelPatch(String label) {
    return new RoutingPatch(
        Patch.keep(),
        Patch.keep(),
        Patch.keep(),
        Patch.set(new Label(label)),
        Patch.keep(),
        Patch.keep());
  }

  private static NumberQuery query(NumberFilter filter, NumberSort sort, int size) {
    return new NumberQuery(filter, sort, size, Optional.empty(), 0, false);
  }

  private static NumberQuery withTotal(NumberFilter filter, int size) {
    return new NumberQuery(filter, NumberSort.NEWEST_FIRST, size, Optional.empty(), 0, true);
  }

  private static List<PhoneNumber> sorted(
      List<PhoneNumber> all, NumberSort.Field field, boolean descending) {
    Comparator<PhoneNumber> bySortValue =
        switch (field) {
          case CREATED_AT -> Comparator.comparing(PhoneNumber::createdAt);
          case MONTHLY_FEE ->
              Comparator.comparing(
                  (PhoneNumber n) -> n.monthlyFee().amount(), BigDecimal::compareTo);
          case NUMBER -> Comparator.comparing((PhoneNumber n) -> n.number().value());
        };
    // PostgreSQL orders uuids by unsigned bytes, as their text does (UUID.compareTo uses signed
    // longs)
    Comparator<PhoneNumber> order = bySortValue.thenComparing(n -> n.id().value().toString());
    return all.stream().sorted(descending ? order.reversed() : order).toList();
  }
}
