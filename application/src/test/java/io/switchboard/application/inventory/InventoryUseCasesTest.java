package io.switchboard.application.inventory;

import static io.switchboard.application.UseCaseSupport.callTrunk;
import static io.switchboard.application.UseCaseSupport.history;
import static io.switchboard.application.UseCaseSupport.label;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.UseCaseSupport;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.inventory.ImportNumbersUseCase.ImportResult;
import io.switchboard.application.inventory.ImportNumbersUseCase.Outcome;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberSource;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * InventoryService: import, search, purchase (cap, held, quarantine, unknown) and all-or-nothing
 * orders.
 */
class InventoryUseCasesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static AvailableNumber offer(
      String number, NumberType type, String fee, Instant availableFrom) {
    E164 e164 = E164.parse(number);
    return new AvailableNumber(
        e164,
        type,
        Capabilities.VOICE_ONLY,
        Money.of(fee, "USD"),
        "Boise, ID",
        List.of(),
        app.clock().instant(),
        availableFrom);
  }

  private static long inStock(String number) {
    return app.database().allStock().stream()
        .filter(n -> n.number().value().equals(number))
        .count();
  }

  private static long held(String number) {
    return app.database().allNumbers().stream()
        .filter(n -> n.number().value().equals(number) && !n.isReleased())
        .count();
  }

  // --- import ---

  @Test
  void an_import_reports_per_number_whether_it_was_imported_already_in_stock_or_held() {
    String fresh = usNumber();
    String stocked = usNumber();
    String purchased = usNumber();
    String external = usNumber();
    app.stock(stocked);
    var acme = app.tenant("acme");
    acme.buy(purchased);
    app.registerTrunk().register(acme.quickContext(), callTrunk(external));
    Instant now = app.clock().instant();

    List<ImportResult> results =
        app.importNumbers()
            .importNumbers(
                app.operator(),
                List.of(
                    offer(fresh, NumberType.TOLL_FREE, "2.5", now),
                        offer(stocked, NumberType.LOCAL, "1", now),
                    offer(purchased, NumberType.LOCAL, "1", now),
                        offer(external, NumberType.LOCAL, "1", now)));

    assertThat(results)
        .extracting(ImportResult::outcome)
        .containsExactly(
            Outcome.IMPORTED,
            Outcome.ALREADY_IN_STOCK,
            Outcome.HELD_BY_AN_ORGANIZATION,
            Outcome.HELD_BY_AN_ORGANIZATION);
    assertThat(inStock(fresh)).isOne();
    assertThat(inStock(purchased)).isZero();
    assertThat(inStock(external)).isZero();
    var found =
        app.searchAvailableNumbers()
            .search(
                acme.quickContext(),
                new InventorySearch(
                    Optional.empty(), Optional.empty(), Optional.of(fresh), Optional.empty(), 10));
    assertThat(found)
        .singleElement()
        .satisfies(o -> {
          assertThat(o.type()).isEqualTo(NumberType.TOLL_FREE);
          assertThat(o.monthlyFee()).isEqualTo(Money.of("2.5", "USD"));
          assertThat(o.capabilities()).isEqualTo(Capabilities.VOICE_ONLY);
          assertThat(o.location()).isEqualTo("Boise, ID");
        });
  }

  @Test
  void importing_needs_the_inventory_scope_and_adds_nothing_without_it() {
    String number = usNumber();
    var acme = app.tenant("acme");
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.importNumbers()
                .importNumbers(
                    acme.quickContext(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE),
                    List.of(offer(number, NumberType.LOCAL, "1", app.clock().instant()))));
    assertThat(inStock(number)).isZero();
  }

  // --- search ---

  @Test
  void
      search_filters_by_country_type_pattern_and_area_code_and_shows_only_what_can_be_bought_now() {
    Instant now = app.clock().instant();
    app.importNumbers()
        .importNumbers(
            app.operator(),
            List.of(
                offer("+13125550100", NumberType.LOCAL, "1", now),
                offer("+13125550101", NumberType.MOBILE, "1", now),
                offer("+13125550102", NumberType.LOCAL, "1", now.plus(Duration.ofDays(3))),
                offer("+13035550103", NumberType.LOCAL, "1", now)));
    var ctx = app.tenant("acme").quickContext(Scope.NUMBERS_READ);

    assertThat(
            app.searchAvailableNumbers()
                .search(
                    ctx,
                    new InventorySearch(
                        Optional.of(new CountryCode("US")),
                        Optional.of(NumberType.LOCAL),
                        Optional.empty(),
                        Optional.of("312"),
                        100)))
        .extracting(o -> o.number().value())
        .containsExactly("+13125550100");
    assertThat(
            app.searchAvailableNumbers()
                .search(
                    ctx,
                    new InventorySearch(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("+1312555010"),
                        Optional.empty(),
                        100)))
        .extracting(o -> o.number().value())
        .containsExactlyInAnyOrder("+13125550100", "+13125550101");
    assertThat(
            app.searchAvailableNumbers()
                .search(
                    ctx,
                    new InventorySearch(
                        Optional.empty(),
                        Optional.of(NumberType.MOBILE),
                        Optional.of("5550"),
                        Optional.empty(),
                        100)))
        .extracting(o -> o.number().value())
        .containsExactly("+13125550101");
    assertThat(
            app.searchAvailableNumbers()
                .search(
                    ctx,
                    new InventorySearch(
                        Optional.of(new CountryCode("FR")),
                        Optional.empty(),
                        Optional.of("5550"),
                        Optional.empty(),
                        100)))
        .isEmpty();
    assertThat(
            app.searchAvailableNumbers()
                .search(
                    ctx,
                    new InventorySearch(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("555010"),
                        Optional.empty(),
                        1)))
        .hasSize(1);
  }

  @Test
  void malformed_searches_are_refused() {
    assertThatThrownBy(() ->
            new InventorySearch(
                Optional.empty(), Optional.empty(), Optional.of("12a"), Optional.empty(), 10))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() ->
            new InventorySearch(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("12"), 10))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() ->
            new InventorySearch(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 101))
        .isInstanceOf(InvalidArgumentException.class);
  }

  // --- purchase ---

  @Test
  void a_purchase_takes_the_number_out_of_stock_and_records_its_creation() {
    String number = usNumber();
    app.importNumbers()
        .importNumbers(
            app.operator(),
            List.of(offer(number, NumberType.MOBILE, "3.10", app.clock().instant())));
    var acme = app.tenant("acme");
    var ctx = acme.context();

    PhoneNumberView bought = app.purchasePhoneNumber().purchase(ctx, E164.parse(number));

    var n = bought.number();
    assertThat(n.organizationId()).isEqualTo(acme.id());
    assertThat(n.source()).isEqualTo(NumberSource.PURCHASED);
    assertThat(n.status()).isEqualTo(NumberStatus.ACTIVE);
    assertThat(n.type()).isEqualTo(NumberType.MOBILE);
    assertThat(n.monthlyFee()).isEqualTo(Money.of("3.10", "USD"));
    assertThat(n.capabilities()).isEqualTo(Capabilities.VOICE_ONLY);
    assertThat(n.channelSettings().sms().enabled()).isFalse();
    assertThat(n.version()).isOne();
    assertThat(inStock(number)).isZero();
    List<ChangeEvent> events = history(app, ctx, ref(bought));
    assertThat(events)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.action()).isEqualTo(ChangeAction.CREATED);
          assertThat(e.sourceApi()).isEqualTo(SourceApi.SYSTEM);
          assertThat(e.requestId()).contains(ctx.requestId());
        });
  }

  @Test
  void
      a_purchase_beyond_the_cap_is_refused_with_the_limit_and_the_current_count_and_buys_nothing() {
    var small = app.tenant("small", 2);
    String first = usNumber();
    small.buy(first);
    small.buy(usNumber());
    app.registerTrunk()
        .register(small.quickContext(), callTrunk(usNumber())); // external: does not count
    String third = usNumber();
    app.stock(third);

    var e =
        refused(
            ResourceExhaustedException.class,
            Reason.PURCHASE_LIMIT_REACHED,
            () -> app.purchasePhoneNumber().purchase(small.quickContext(), E164.parse(third)));
    assertThat(e.metadata()).containsEntry("limit", "2").containsEntry("current", "2");
    assertThat(inStock(third)).isOne();
    assertThat(held(third)).isZero();

    // released numbers do not count
    app.releasePhoneNumber().release(small.quickContext(), ref(first), false, Optional.empty());
    assertThat(
            app.purchasePhoneNumber()
                .purchase(small.quickContext(), E164.parse(third))
                .number()
                .number()
                .value())
        .isEqualTo(third);
  }

  @Test
  void a_number_held_by_another_organization_or_registered_as_external_cannot_be_bought() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String purchased = usNumber();
    var held = acme.buy(purchased);
    String external = usNumber();
    app.registerTrunk().register(acme.quickContext(), callTrunk(external));
    app.stock(usNumber()); // stock is not empty: refusals are about these numbers

    refused(
        AlreadyExistsException.class,
        Reason.PHONE_NUMBER_ALREADY_HELD,
        () -> app.purchasePhoneNumber().purchase(other.quickContext(), E164.parse(purchased)));
    refused(
        AlreadyExistsException.class,
        Reason.PHONE_NUMBER_ALREADY_HELD,
        () -> app.purchasePhoneNumber().purchase(acme.quickContext(), E164.parse(purchased)));
    refused(
        AlreadyExistsException.class,
        Reason.PHONE_NUMBER_ALREADY_HELD,
        () -> app.purchasePhoneNumber().purchase(other.quickContext(), E164.parse(external)));
    assertThat(UseCaseSupport.stored(app.getPhoneNumber().get(acme.quickContext(), ref(held))))
        .isEqualTo(UseCaseSupport.stored(held));
    assertThat(held(purchased)).isOne();
  }

  @Test
  void a_number_not_yet_available_is_quarantined_and_an_unknown_one_is_not_found() {
    String later = usNumber();
    Instant from = app.clock().instant().plus(Duration.ofDays(2));
    app.importNumbers()
        .importNumbers(app.operator(), List.of(offer(later, NumberType.LOCAL, "1", from)));
    var ctx = app.tenant("acme").quickContext();

    var e =
        refused(
            FailedPreconditionException.class,
            Reason.PHONE_NUMBER_QUARANTINED,
            () -> app.purchasePhoneNumber().purchase(ctx, E164.parse(later)));
    assertThat(e.metadata()).containsKey("available_from");
    assertThat(inStock(later)).isOne();

    refused(
        NotFoundException.class,
        "AVAILABLE_NUMBER_NOT_FOUND",
        () -> app.purchasePhoneNumber().purchase(ctx, E164.parse(usNumber())));
  }

  @Test
  void buying_needs_the_write_scope() {
    String number = usNumber();
    app.stock(number);
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.purchasePhoneNumber()
                .purchase(app.tenant("acme").quickContext(Scope.NUMBERS_READ), E164.parse(number)));
    assertThat(inStock(number)).isOne();
  }

  // --- order ---

  @Test
  void an_order_buys_every_number_with_its_initial_routing() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    List<String> numbers = List.of(usNumber(), usNumber(), usNumber());
    numbers.forEach(app::stock);

    var bought =
        app.orderPhoneNumbers()
            .order(
                ctx,
                new OrderPhoneNumbersUseCase.Command(
                    numbers.stream().map(E164::parse).toList(), label("Ordered")));

    assertThat(bought)
        .extracting(v -> v.number().number().value())
        .containsExactlyElementsOf(numbers);
    assertThat(bought)
        .allSatisfy(v -> {
          assertThat(v.number().routing().label()).contains(new Label("Ordered"));
          assertThat(history(app, ctx, ref(v)))
              .extracting(ChangeEvent::action)
              .containsExactly(ChangeAction.UPDATED, ChangeAction.CREATED);
        });
    numbers.forEach(n -> assertThat(inStock(n)).isZero());
  }

  @Test
  void an_order_with_any_unavailable_number_buys_nothing_and_says_which_were_unavailable() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String available = usNumber();
    String missing = usNumber();
    String heldElsewhere = usNumber();
    app.stock(available);
    other.buy(heldElsewhere);

    var e =
        refused(
            FailedPreconditionException.class,
            Reason.INSUFFICIENT_INVENTORY,
            () ->
                app.orderPhoneNumbers()
                    .order(
                        acme.quickContext(),
                        new OrderPhoneNumbersUseCase.Command(
                            List.of(
                                E164.parse(available),
                                E164.parse(missing),
                                E164.parse(heldElsewhere)),
                            RoutingPatch.NONE)));

    assertThat(e.metadata()).containsEntry("available_count", "1");
    assertThat(List.of(e.metadata().get("unavailable_numbers").split(",")))
        .containsExactlyInAnyOrder(missing, heldElsewhere);
    assertThat(inStock(available)).isOne();
    assertThat(held(available)).isZero();
    assertThat(app.database().allNumbers()).noneMatch(n -> n.organizationId().equals(acme.id()));
  }

  @Test
  void an_order_beyond_the_cap_buys_nothing() {
    var small = app.tenant("small", 2);
    List<String> numbers = List.of(usNumber(), usNumber(), usNumber());
    numbers.forEach(app::stock);
    var e =
        refused(
            ResourceExhaustedException.class,
            Reason.PURCHASE_LIMIT_REACHED,
            () ->
                app.orderPhoneNumbers()
                    .order(
                        small.quickContext(),
                        new OrderPhoneNumbersUseCase.Command(
                            numbers.stream().map(E164::parse).toList(), RoutingPatch.NONE)));
    assertThat(e.metadata()).containsEntry("limit", "2").containsEntry("current", "0");
    numbers.forEach(n -> assertThat(inStock(n)).isOne());
  }

  @Test
  void an_order_must_name_distinct_numbers() {
    var n = E164.parse(usNumber());
    assertThatThrownBy(() -> new OrderPhoneNumbersUseCase.Command(List.of(n, n), RoutingPatch.NONE))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new OrderPhoneNumbersUseCase.Command(List.of(), RoutingPatch.NONE))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
