package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.InventoryRepository.Addition;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public abstract class InventoryRepositoryContract extends PortContract {
  private InventoryRepository inventory() {
    return ports().inventory();
  }

  private static AvailableNumber stock(
      String e164, String country, NumberType type, Instant availableFrom) {
    return new AvailableNumber(
        new E164(e164, new CountryCode(country)),
        type,
        new Capabilities(true, false, true, false, true, false),
        Money.of("2.5", "USD"),
        "Somewhere",
        List.of(new ComplianceRequirement("id", "document", "Identity")),
        Samples.T0,
        availableFrom);
  }

  private static InventorySearch search(
      Optional<String> country,
      Optional<NumberType> type,
      Optional<String> pattern,
      Optional<String> areaCode) {
    return new InventorySearch(country.map(CountryCode::new), type, pattern, areaCode, 100);
  }

  @Test
  void a_number_is_added_once_and_reads_back_whole() {
    AvailableNumber number = stock("+12125559990", "US", NumberType.LOCAL, Samples.T0);

    assertThat(inventory().add(number)).isTrue();
    assertThat(inventory().add(number)).isFalse();
    assertThat(inventory().find(number.number())).contains(number);
  }

  @Test
  void search_matches_country_type_pattern_area_code_and_availability() {
    AvailableNumber nyc = stock("+13475550171", "US", NumberType.LOCAL, Samples.T0);
    AvailableNumber tollFree = stock("+18885550172", "US", NumberType.TOLL_FREE, Samples.T0);
    AvailableNumber london = stock("+443475550173", "GB", NumberType.LOCAL, Samples.T0);
    AvailableNumber quarantined =
        stock("+13475550174", "US", NumberType.LOCAL, Samples.T0.plusSeconds(3600));
    List.of(nyc, tollFree, london, quarantined).forEach(inventory()::add);
    Instant now = Samples.T0.plusSeconds(60);

    assertThat(
            inventory()
                .search(
                    search(
                        Optional.of("US"),
                        Optional.of(NumberType.LOCAL),
                        Optional.of("555017"),
                        Optional.empty()),
                    now))
        .containsExactly(nyc);
    assertThat(
            inventory()
                .search(
                    search(
                        Optional.of("US"), Optional.empty(), Optional.empty(), Optional.of("888")),
                    now))
        .containsExactly(tollFree);
    // without a country, the area code follows each number's own calling code: +44 347… but not +1
    // 347… in GB
    assertThat(
            inventory()
                .search(
                    search(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("55501"),
                        Optional.of("347")),
                    now))
        .containsExactly(nyc, london);
    assertThat(
            inventory()
                .search(
                    search(
                        Optional.of("GB"), Optional.empty(), Optional.empty(), Optional.of("347")),
                    now))
        .containsExactly(london);
    assertThat(
            inventory()
                .search(
                    search(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("5550174"),
                        Optional.empty()),
                    now))
        .isEmpty();
    assertThat(
            inventory()
                .search(
                    search(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("5550174"),
                        Optional.empty()),
                    Samples.T0.plusSeconds(3600)))
        .containsExactly(quarantined);
  }

  @Test
  void lock_returns_the_present_numbers_in_number_order_and_remove_and_put_back_round_trip() {
    AvailableNumber a = stock("+12125550181", "US", NumberType.LOCAL, Samples.T0);
    AvailableNumber b = stock("+12125550182", "US", NumberType.LOCAL, Samples.T0);
    inventory().add(b);
    inventory().add(a);

    List<AvailableNumber> locked =
        ports()
            .transactions()
            .inTransaction(() ->
                inventory()
                    .lock(
                        List.of(
                            b.number(),
                            new E164("+12125550189", new CountryCode("US")),
                            a.number())));
    assertThat(locked).containsExactly(a, b);

    inventory().remove(a.number());
    assertThat(inventory().find(a.number())).isEmpty();

    AvailableNumber back =
        stock("+12125550181", "US", NumberType.LOCAL, Samples.T0.plusSeconds(86_400));
    inventory().putBack(back);
    inventory().putBack(back);
    assertThat(inventory().find(a.number())).contains(back);
  }

  @Test
  void a_set_of_offers_is_answered_per_offer_in_order_held_in_stock_or_added() {
    OrganizationId org = newOrganization();
    PhoneNumber purchased = Samples.purchased(org, Samples.T0);
    ports().numbers().insert(purchased);
    PhoneNumber external =
        PhoneNumber.registerExternal(
            PhoneNumberId.random(),
            org,
            Samples.uniqueNumber(),
            Currency.getInstance("USD"),
            Samples.T0);
    ports().numbers().insert(external);
    ports().trunks().insert(trunkOf(external));
    PhoneNumber released = Samples.purchased(org, Samples.T0);
    ports().numbers().insert(released);
    ports().numbers().update(released.release(Samples.T0.plusSeconds(60)));
    AvailableNumber inStock = Samples.offer(Samples.uniqueNumber(), "1.00");
    inventory().add(inStock);
    AvailableNumber fresh = Samples.offer(Samples.uniqueNumber(), "2.00");
    AvailableNumber again = Samples.offer(released.number(), "3.00");

    List<Addition> additions =
        ports()
            .transactions()
            .inTransaction(() ->
                inventory()
                    .addAllFree(
                        List.of(
                            Samples.offer(purchased.number(), "1.00"),
                            fresh,
                            Samples.offer(inStock.number(), "9.00"),
                            Samples.offer(external.number(), "1.00"),
                            again)));

    assertThat(additions)
        .containsExactly(
            Addition.HELD,
            Addition.ADDED,
            Addition.ALREADY_IN_STOCK,
            Addition.HELD,
            Addition.ADDED);
    assertThat(inventory().find(fresh.number())).contains(fresh);
    assertThat(inventory().find(again.number())).contains(again);
    assertThat(inventory().find(inStock.number())).contains(inStock); // kept as it was
    assertThat(inventory().find(purchased.number())).isEmpty();
    assertThat(inventory().find(external.number())).isEmpty();
  }

  @Test
  void of_equal_numbers_in_one_set_the_first_offer_is_added_and_the_later_ones_are_in_stock() {
    E164 number = Samples.uniqueNumber();
    AvailableNumber first = Samples.offer(number, "1.00");
    AvailableNumber other = Samples.offer(Samples.uniqueNumber(), "1.00");

    List<Addition> additions =
        inventory()
            .addAllFree(
                List.of(
                    first, Samples.offer(number, "2.00"), other, Samples.offer(number, "3.00")));

    assertThat(additions)
        .containsExactly(
            Addition.ADDED, Addition.ALREADY_IN_STOCK, Addition.ADDED, Addition.ALREADY_IN_STOCK);
    assertThat(inventory().find(number)).contains(first);
  }

  @Test
  void a_thousand_offers_are_added_whole_and_a_second_time_all_found_in_stock() {
    List<AvailableNumber> offers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      offers.add(stock(Samples.uniqueNumber().value(), "US", NumberType.LOCAL, Samples.T0));
    }

    assertThat(inventory().addAllFree(offers)).hasSize(1000).containsOnly(Addition.ADDED);
    assertThat(inventory().addAllFree(offers))
        .hasSize(1000)
        .containsOnly(Addition.ALREADY_IN_STOCK);
    assertThat(inventory().find(offers.get(0).number())).contains(offers.get(0));
    assertThat(inventory().find(offers.get(999).number())).contains(offers.get(999));
  }

  private Trunk trunkOf(PhoneNumber number) {
    return Trunk.register(
        TrunkId.random(),
        number.organizationId(),
        number.id(),
        number.number(),
        TrunkChannel.WHATSAPP,
        Optional.empty(),
        Optional.empty(),
        SipSettings.NONE,
        AdditionalSettings.EMPTY,
        Samples.T0);
  }
}
