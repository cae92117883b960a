package io.switchboard.rest.mindhunters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.mindhunters.MindhuntersServer.Reply;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/phone-numbers over two thousand numbers: every filter and sort against the expected
 * set, every page.
 */
class MindhuntersListIT {
  private static final int US = 1800;
  private static final int CA = 200;
  private static final String AGENT = "0b9e1d2c-3a4f-4e5d-8c7b-6a5f4e3d2c1b";
  private static final int BOUND = 50;

  private record Held(
      String uuid,
      String number,
      String country,
      NumberType type,
      BigDecimal fee,
      boolean pending,
      boolean bound) {}

  private static TestApplication app;
  private static MindhuntersServer http;
  private static String key;
  private static final List<Held> held = new ArrayList<>();
  private static final Set<String> external = new HashSet<>();

  @BeforeAll
  static void start() {
    app = TestApplication.start(MindhuntersListIT.class);
    http = new MindhuntersServer(app);
    TestApplication.Tenant tenant = app.tenant("bulk", 10_000);
    key = tenant.apiKey();
    var ctx = tenant.quickContext();
    tenant.agent(AGENT, "Bulk bot");

    List<AvailableNumber> offers = new ArrayList<>();
    Instant now = app.clock().instant();
    for (int i = 0; i < US + CA; i++) {
      String number =
          i < US
              ? "+1208443" + String.format(Locale.ROOT, "%04d", i)
              : "+1604250" + String.format(Locale.ROOT, "%04d", i - US);
      NumberType type = NumberType.values()[i % 4];
      String fee = (i % 37) + "." + (i % 4) + "5";
      List<ComplianceRequirement> requirements =
          i % 5 == 0
              ? List.of(new ComplianceRequirement("proof_of_address", "textual", "a utility bill"))
              : List.of();
      E164 e164 = E164.parse(number);
      offers.add(
          new AvailableNumber(
              e164,
              type,
              Capabilities.VOICE_AND_SMS,
              Money.of(fee, "EUR"),
              e164.country().value(),
              requirements,
              now,
              now));
    }
    for (int from = 0; from < offers.size(); from += 500) {
      app.useCases()
          .importNumbers()
          .importNumbers(app.operator(), offers.subList(from, Math.min(offers.size(), from + 500)));
    }
    for (int i = 0; i < offers.size(); i++) {
      AvailableNumber offer = offers.get(i);
      var view = app.useCases().purchasePhoneNumber().purchase(ctx, offer.number());
      boolean bound = i % (offers.size() / BOUND) == 7;
      if (bound) {
        app.useCases()
            .bindAgent()
            .bind(
                ctx,
                new BindAgentUseCase.Command(
                    PhoneNumberRef.of(view.number().id()),
                    BindingChannel.SMS,
                    new AgentId(AGENT),
                    BindingConflictPolicy.FORCE));
      }
      held.add(
          new Held(
              view.number().id().toString(),
              offer.number().value(),
              offer.number().country().value(),
              offer.type(),
              offer.monthlyFee().amount(),
              !offer.requirements().isEmpty(),
              bound));
    }
    for (String number : List.of("+12345678911", "+12345678912", "+12345678913")) {
      var result =
          app.useCases()
              .registerTrunk()
              .register(
                  ctx,
                  new RegisterTrunkUseCase.Command(
                      E164.parse(number),
                      TrunkChannel.CALL,
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      SipInput.NONE,
                      AdditionalSettings.EMPTY,
                      BindingConflictPolicy.REJECT));
      external.add(result.number().number().id().toString());
    }
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  /**
   * Every page of a query, checking the pagination block on the way; the items in the order served.
   */
  private static List<JsonNode> all(String query) {
    List<JsonNode> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long total = -1;
    for (int page = 1; ; page++) {
      Reply reply = http.get("/api/v1/phone-numbers?per_page=100&page=" + page + query, key);
      assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
      JsonNode p = reply.body().at("/data/pagination");
      JsonNode pageItems = reply.body().at("/data/items");
      total = p.get("total").asLong();
      assertThat(p.get("current_page").asInt()).isEqualTo(page);
      assertThat(p.get("per_page").asInt()).isEqualTo(100);
      assertThat(p.get("last_page").asLong()).isEqualTo(Math.max(1, (total + 99) / 100));
      if (pageItems.isEmpty()) {
        assertThat(p.get("from").isNull()).isTrue();
        assertThat(p.get("to").isNull()).isTrue();
      } else {
        assertThat(p.get("from").asLong()).isEqualTo((page - 1) * 100L + 1);
        assertThat(p.get("to").asLong()).isEqualTo((page - 1) * 100L + pageItems.size());
      }
      for (JsonNode item : pageItems) {
        assertThat(seen.add(item.get("phone_number_uuid").asText()))
            .as("served once: %s", item)
            .isTrue();
        items.add(item);
      }
      if (!p.get("has_more").asBoolean()) {
        break;
      }
    }
    assertThat((long) items.size()).isEqualTo(total);
    return items;
  }

  private static Set<String> uuids(List<JsonNode> items) {
    return items.stream().map(i -> i.get("phone_number_uuid").asText()).collect(Collectors.toSet());
  }

  private static Set<String> expected(Predicate<Held> filter) {
    return held.stream().filter(filter).map(Held::uuid).collect(Collectors.toSet());
  }

  @Test
  void every_number_exactly_once_newest_first() {
    List<JsonNode> items = all("");
    assertThat(uuids(items)).isEqualTo(expected(h -> true)).hasSize(US + CA);
    for (int i = 1; i < items.size(); i++) {
      assertThat(items.get(i - 1).get("purchased_at").asText())
          .isGreaterThanOrEqualTo(items.get(i).get("purchased_at").asText());
    }
    assertThat(uuids(all("&sort=created_at"))).hasSize(US + CA);
  }

  @Test
  void filters_match_the_expected_sets() {
    assertThat(uuids(all("&country_code=CA"))).isEqualTo(expected(h -> h.country().equals("CA")));
    assertThat(uuids(all("&country_code=us"))).isEqualTo(expected(h -> h.country().equals("US")));
    for (NumberType type : NumberType.values()) {
      String wire = type.name().toLowerCase(Locale.ROOT);
      assertThat(uuids(all("&type=" + wire))).as(wire).isEqualTo(expected(h -> h.type() == type));
    }
    assertThat(uuids(all("&compliance=requirement_pending"))).isEqualTo(expected(Held::pending));
    assertThat(uuids(all("&compliance=completed"))).isEqualTo(expected(h -> !h.pending()));
    assertThat(uuids(all("&status=active"))).isEqualTo(expected(h -> true));
    assertThat(all("&status=pending")).isEmpty();
    assertThat(uuids(all("&bound_to_agent_uuid=" + AGENT)))
        .isEqualTo(expected(Held::bound))
        .hasSize(BOUND);
    assertThat(all("&bound_to_agent_uuid=" + UUID.randomUUID())).isEmpty();
    assertThat(uuids(all("&search=20844312")))
        .isEqualTo(expected(h -> h.number().contains("20844312")));
    assertThat(uuids(all("&country_code=US&type=local&compliance=completed")))
        .isEqualTo(
            expected(
                h -> h.country().equals("US") && h.type() == NumberType.LOCAL && !h.pending()));
  }

  @Test
  void external_numbers_only_when_asked_for() {
    Set<String> withExternal = expected(h -> true);
    withExternal.addAll(external);
    assertThat(uuids(all("&include_external=1"))).isEqualTo(withExternal);
    assertThat(uuids(all("&include_external=true"))).isEqualTo(withExternal);
    assertThat(uuids(all("&include_external=false"))).isEqualTo(expected(h -> true));
    assertThat(uuids(all("&include_external=0"))).isEqualTo(expected(h -> true));
  }

  @Test
  void sorts_by_fee_and_by_number() {
    List<JsonNode> byFee = all("&sort=monthly_fee");
    assertThat(uuids(byFee)).isEqualTo(expected(h -> true));
    for (int i = 1; i < byFee.size(); i++) {
      assertThat(byFee.get(i - 1).at("/billing/monthly_fee").decimalValue())
          .isLessThanOrEqualTo(byFee.get(i).at("/billing/monthly_fee").decimalValue());
    }
    List<JsonNode> byNumber = all("&sort=number");
    assertThat(uuids(byNumber)).isEqualTo(expected(h -> true));
    List<String> numbers = byNumber.stream().map(i -> i.get("number").asText()).toList();
    assertThat(numbers).isSorted();
  }

  @Test
  void defaults_and_a_page_beyond_the_end() {
    Reply first = http.get("/api/v1/phone-numbers", key);
    assertThat(first.body().at("/data/items").size()).isEqualTo(25);
    assertThat(first.body().at("/data/pagination/total").asInt()).isEqualTo(US + CA);
    assertThat(first.body().at("/data/pagination/has_more").asBoolean()).isTrue();
    Reply beyond = http.get("/api/v1/phone-numbers?page=1000", key);
    assertThat(beyond.status()).isEqualTo(200);
    assertThat(beyond.body().at("/data/items")).isEmpty();
    assertThat(beyond.body().at("/data/pagination/has_more").asBoolean()).isFalse();
  }
}
