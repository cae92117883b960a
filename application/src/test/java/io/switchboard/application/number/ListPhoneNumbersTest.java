package io.switchboard.application.number;

import static io.switchboard.application.UseCaseSupport.callTrunk;
import static io.switchboard.application.UseCaseSupport.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.UseCaseSupport;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.RoutingPatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PhoneNumberService.list over 240 numbers of four countries, types, fees and compliance states:
 * every filter, every sort in both directions, keyset and offset pages.
 */
class ListPhoneNumbersTest {
  static final int US = 100;
  static final int DE = 60;
  static final int FR = 40;
  static final int ES = 40;
  static final int ALL = US + DE + FR + ES;

  static UseCaseFixture app;
  static UseCaseFixture.Tenant acme;
  static RequestContext ctx;
  static List<PhoneNumberView> bought = new ArrayList<>();
  static CampaignId campaign = new CampaignId(UUID.randomUUID());
  static String externalNumber = "+14155559999";

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
    acme = app.tenant("acme", 1000);
    ctx = acme.quickContext();
    Instant now = app.clock().instant();
    var offers = new ArrayList<AvailableNumber>();
    var requirement = List.of(new ComplianceRequirement("address", "document", "proof of address"));
    for (int i = 0; i < US; i++) {
      offers.add(
          offer(
              "+1415555" + String.format("%04d", i),
              NumberType.LOCAL,
              i % 2 == 0 ? "1.50" : "2.00",
              List.of(),
              now));
    }
    for (int i = 0; i < DE; i++) {
      offers.add(
          offer(
              "+4930123" + String.format("%04d", 5000 + i),
              NumberType.MOBILE,
              "3.25",
              i % 2 == 0 ? requirement : List.of(),
              now));
    }
    for (int i = 0; i < FR; i++) {
      offers.add(
          offer(
              "+3314268" + String.format("%04d", i), NumberType.TOLL_FREE, "0.75", List.of(), now));
    }
    for (int i = 0; i < ES; i++) {
      offers.add(
          offer(
              "+3491123" + String.format("%04d", i),
              NumberType.NATIONAL,
              "4." + String.format("%02d", i),
              List.of(),
              now));
    }
    app.importNumbers().importNumbers(app.operator(), offers);
    for (int from = 0; from < offers.size(); from += OrderPhoneNumbersUseCase.MAX_NUMBERS) {
      var batch =
          offers.subList(
              from, Math.min(offers.size(), from + OrderPhoneNumbersUseCase.MAX_NUMBERS));
      bought.addAll(
          app.orderPhoneNumbers()
              .order(
                  ctx,
                  new OrderPhoneNumbersUseCase.Command(
                      batch.stream().map(AvailableNumber::number).toList(), RoutingPatch.NONE)));
    }
    for (int i = 0; i < 3; i++) {
      UseCaseSupport.setLabel(app, ctx, ref(bought.get(10 + i)), "Support line " + i);
    }
    for (int i = 0; i < 5; i++) {
      app.updatePhoneNumber()
          .update(
              ctx,
              UpdatePhoneNumberUseCase.Command.routing(
                  ref(bought.get(20 + i)),
                  new RoutingPatch(
                      Patch.keep(),
                      Patch.keep(),
                      Patch.keep(),
                      Patch.keep(),
                      Patch.set(campaign),
                      Patch.keep())));
    }
    acme.agent("lister", "Lister");
    bind(bought.get(30), BindingChannel.CALL, "lister");
    bind(bought.get(31), BindingChannel.SMS, "lister");
    app.registerTrunk().register(ctx, callTrunk(externalNumber));
    // another organization's numbers are never part of acme's lists
    app.tenant("other").buy("+14155558888");
  }

  private static AvailableNumber offer(
      String number,
      NumberType type,
      String fee,
      List<ComplianceRequirement> requirements,
      Instant now) {
    E164 e164 = E164.parse(number);
    return new AvailableNumber(
        e164,
        type,
        Capabilities.VOICE_AND_SMS,
        Money.of(fee, "EUR"),
        e164.country().value(),
        requirements,
        now,
        now);
  }

  private static void bind(PhoneNumberView number, BindingChannel channel, String agent) {
    app.bindAgent()
        .bind(
            ctx,
            new BindAgentUseCase.Command(
                ref(number), channel, new AgentId(agent), BindingConflictPolicy.REJECT));
  }

  private static Page<PhoneNumberView, NumberCursor> page(
      NumberFilter filter, NumberSort sort, int size, Optional<NumberCursor> after) {
    return app.listPhoneNumbers().list(ctx, new NumberQuery(filter, sort, size, after, 0, false));
  }

  private static List<PhoneNumber> all(NumberFilter filter, NumberSort sort) {
    var page =
        app.listPhoneNumbers()
            .list(ctx, new NumberQuery(filter, sort, 1000, Optional.empty(), 0, true));
    assertThat(page.next()).isEmpty();
    assertThat(page.total()).contains((long) page.items().size());
    return page.items().stream().map(PhoneNumberView::number).toList();
  }

  private static NumberFilter filter(
      Optional<NumberStatus> status,
      Optional<CountryCode> country,
      Optional<NumberType> type,
      Optional<ComplianceStatus> compliance,
      Optional<String> search,
      Optional<AgentId> agent,
      Optional<CampaignId> campaign) {
    return new NumberFilter(status, country, type, compliance, search, agent, campaign, false);
  }

  private static NumberFilter search(String text) {
    return filter(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(text),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void keyset_pages_of_every_sort_in_both_directions_list_every_number_once_in_order() {
    Set<PhoneNumberId> expected = new HashSet<>(bought.stream().map(v -> v.number().id()).toList());
    for (NumberSort.Field field : NumberSort.Field.values()) {
      for (boolean descending : new boolean[] {false, true}) {
        var sort = new NumberSort(field, descending);
        var paged = new ArrayList<PhoneNumber>();
        Optional<NumberCursor> after = Optional.empty();
        int pages = 0;
        do {
          var page = page(NumberFilter.ALL_PURCHASED, sort, 37, after);
          assertThat(page.items()).hasSizeLessThanOrEqualTo(37);
          page.items().forEach(v -> paged.add(v.number()));
          after = page.next();
          pages++;
        } while (after.isPresent() && pages < 100);

        assertThat(pages).as(sort.toString()).isEqualTo((ALL + 36) / 37);
        assertThat(paged).as(sort.toString()).extracting(PhoneNumber::id).doesNotHaveDuplicates();
        assertThat(new HashSet<>(paged.stream().map(PhoneNumber::id).toList()))
            .as(sort.toString())
            .isEqualTo(expected);
        assertThat(paged).as(sort.toString()).isEqualTo(all(NumberFilter.ALL_PURCHASED, sort));
        Comparator<PhoneNumber> order =
            switch (field) {
              case CREATED_AT -> Comparator.comparing(PhoneNumber::createdAt);
              case MONTHLY_FEE -> Comparator.comparing(n -> n.monthlyFee().amount());
              case NUMBER -> Comparator.comparing(n -> n.number().value());
            };
        assertThat(paged)
            .as(sort.toString())
            .isSortedAccordingTo(descending ? order.reversed() : order);
      }
    }
  }

  @Test
  void offset_pages_match_the_keyset_pages_and_the_total_counts_every_match() {
    var sort = new NumberSort(NumberSort.Field.MONTHLY_FEE, true);
    List<PhoneNumber> expected = all(NumberFilter.ALL_PURCHASED, sort);
    var paged = new ArrayList<PhoneNumber>();
    for (int offset = 0; offset < ALL; offset += 50) {
      var page =
          app.listPhoneNumbers()
              .list(
                  ctx,
                  new NumberQuery(
                      NumberFilter.ALL_PURCHASED, sort, 50, Optional.empty(), offset, true));
      assertThat(page.total()).contains((long) ALL);
      page.items().forEach(v -> paged.add(v.number()));
    }
    assertThat(paged).isEqualTo(expected);
  }

  @Test
  void filters_by_status_country_type_and_compliance() {
    assertThat(
            all(
                filter(
                    Optional.of(NumberStatus.ACTIVE),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .hasSize(ALL);
    assertThat(
            all(
                filter(
                    Optional.of(NumberStatus.INACTIVE),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .isEmpty();
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.of(new CountryCode("DE")),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .hasSize(DE)
        .allSatisfy(n -> assertThat(n.number().country().value()).isEqualTo("DE"));
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(NumberType.TOLL_FREE),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .hasSize(FR)
        .allSatisfy(n -> assertThat(n.type()).isEqualTo(NumberType.TOLL_FREE));
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(ComplianceStatus.REQUIREMENT_PENDING),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .hasSize(DE / 2)
        .allSatisfy(n -> assertThat(n.compliance().requirements()).hasSize(1));
    // filters combine
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.of(new CountryCode("DE")),
                    Optional.of(NumberType.MOBILE),
                    Optional.of(ComplianceStatus.COMPLETED),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .hasSize(DE / 2);
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.of(new CountryCode("US")),
                    Optional.of(NumberType.MOBILE),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()),
                NumberSort.NEWEST_FIRST))
        .isEmpty();
  }

  @Test
  void search_matches_digits_the_country_code_or_the_label_case_insensitively() {
    assertThat(all(search("support LINE"), NumberSort.OLDEST_FIRST))
        .extracting(n -> n.routing().label().orElseThrow().value())
        .containsExactlyInAnyOrder("Support line 0", "Support line 1", "Support line 2");
    assertThat(all(search("415555000"), NumberSort.OLDEST_FIRST))
        .hasSize(10)
        .allSatisfy(n -> assertThat(n.number().value()).contains("415555000"));
    assertThat(all(search("+3314268"), NumberSort.OLDEST_FIRST).size()).isLessThanOrEqualTo(FR);
    assertThat(all(search("FR"), NumberSort.OLDEST_FIRST)).hasSize(FR);
    assertThat(all(search("no such thing"), NumberSort.OLDEST_FIRST)).isEmpty();
  }

  @Test
  void filters_by_bound_agent_on_any_channel_and_by_campaign() {
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(new AgentId("lister")),
                    Optional.empty()),
                NumberSort.OLDEST_FIRST))
        .extracting(PhoneNumber::id)
        .containsExactlyInAnyOrder(bought.get(30).number().id(), bought.get(31).number().id());
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(new AgentId("nobody")),
                    Optional.empty()),
                NumberSort.OLDEST_FIRST))
        .isEmpty();
    assertThat(
            all(
                filter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(campaign)),
                NumberSort.OLDEST_FIRST))
        .hasSize(5)
        .allSatisfy(n -> assertThat(n.routing().campaignId()).contains(campaign));
  }

  @Test
  void list_views_carry_the_bindings_of_each_number() {
    var listed =
        app.listPhoneNumbers()
            .list(
                ctx,
                new NumberQuery(
                    NumberFilter.ALL_PURCHASED,
                    NumberSort.OLDEST_FIRST,
                    1000,
                    Optional.empty(),
                    0,
                    false))
            .items();
    Function<PhoneNumberView, PhoneNumberView> inList =
        v ->
            listed.stream()
                .filter(l -> l.number().id().equals(v.number().id()))
                .findFirst()
                .orElseThrow();
    assertThat(inList.apply(bought.get(30)).binding(BindingChannel.CALL))
        .hasValueSatisfying(b -> assertThat(b.agentName()).contains("Lister"));
    assertThat(inList.apply(bought.get(31)).binding(BindingChannel.SMS)).isPresent();
    assertThat(inList.apply(bought.get(32)).bindings()).isEmpty();
  }

  @Test
  void external_numbers_are_listed_only_when_asked_for() {
    assertThat(all(NumberFilter.ALL_PURCHASED, NumberSort.NEWEST_FIRST))
        .hasSize(ALL)
        .noneMatch(PhoneNumber::isExternal);
    assertThat(all(NumberFilter.EVERYTHING, NumberSort.NEWEST_FIRST))
        .hasSize(ALL + 1)
        .filteredOn(PhoneNumber::isExternal)
        .extracting(n -> n.number().value())
        .containsExactly(externalNumber);
  }

  @Test
  void malformed_queries_are_refused() {
    var cursor = new NumberCursor(NumberSort.Field.NUMBER, "+14155550000", PhoneNumberId.random());
    assertThatThrownBy(() ->
            new NumberQuery(
                NumberFilter.ALL_PURCHASED,
                NumberSort.NEWEST_FIRST,
                10,
                Optional.of(cursor),
                0,
                false))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("page_token"));
    assertThatThrownBy(() ->
            new NumberQuery(
                NumberFilter.ALL_PURCHASED, NumberSort.NEWEST_FIRST, 0, Optional.empty(), 0, false))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations()).extracting(v -> v.field()).containsExactly("page_size"));
    assertThatThrownBy(() ->
            new NumberQuery(
                NumberFilter.ALL_PURCHASED,
                NumberSort.NEWEST_FIRST,
                1001,
                Optional.empty(),
                0,
                false))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() ->
            filter(
                Optional.of(NumberStatus.RELEASED),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> search("x".repeat(101))).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_page_continues_after_a_cursor_even_when_its_number_is_released_meanwhile() {
    var acmeOwn = app.tenant("cursor", 10);
    var own = acmeOwn.quickContext();
    var numbers =
        List.of(
            acmeOwn.buy("+14155557001"), acmeOwn.buy("+14155557002"), acmeOwn.buy("+14155557003"));
    var sort = new NumberSort(NumberSort.Field.NUMBER, false);
    var first =
        app.listPhoneNumbers()
            .list(
                own,
                new NumberQuery(NumberFilter.ALL_PURCHASED, sort, 1, Optional.empty(), 0, false));
    assertThat(first.items())
        .extracting(v -> v.number().id())
        .containsExactly(numbers.get(0).number().id());
    app.releasePhoneNumber().release(own, ref(numbers.get(0)), false, Optional.empty());
    var rest =
        app.listPhoneNumbers()
            .list(
                own, new NumberQuery(NumberFilter.ALL_PURCHASED, sort, 10, first.next(), 0, false));
    assertThat(rest.items())
        .extracting(v -> v.number().id())
        .containsExactly(numbers.get(1).number().id(), numbers.get(2).number().id());
  }
}
