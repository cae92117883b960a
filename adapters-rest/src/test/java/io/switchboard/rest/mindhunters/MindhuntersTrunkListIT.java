package io.switchboard.rest.mindhunters;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.mindhunters.MindhuntersServer.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/phone-numbers/trunks pages in the database (each number once, in the order of its
 * first trunk), and an If-Match on assign and delete is checked by the use case under the number's
 * row lock.
 */
class MindhuntersTrunkListIT {
  private static final String TRUNKS = "/api/v1/phone-numbers/trunks";

  /** Call trunks on all five, a WhatsApp trunk on the second too: five numbers, six trunks. */
  private static final List<String> NUMBERS =
      List.of("+12345670101", "+12345670102", "+12345670103", "+12345670104", "+12345670105");

  private static TestApplication app;
  private static MindhuntersServer http;
  private static TestApplication.Tenant byo;
  private static String key;

  @BeforeAll
  static void start() {
    app = TestApplication.start(MindhuntersTrunkListIT.class);
    http = new MindhuntersServer(app);
    byo = app.tenant("byo");
    key = byo.apiKey();
    for (String number : NUMBERS) {
      register(number, "call");
    }
    register(NUMBERS.get(1), "whatsapp");
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  @Test
  void pages_hold_each_number_once_in_the_order_its_first_trunk_was_registered() {
    List<String> seen = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      Reply reply = http.get(TRUNKS + "?per_page=2&page=" + page, key);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().at("/data/pagination/total").asLong()).isEqualTo(5);
      assertThat(reply.body().at("/data/pagination/has_more").asBoolean()).isEqualTo(page < 3);
      reply.body().at("/data/items").forEach(item -> seen.add(item.get("number").asText()));
    }
    assertThat(seen).containsExactlyElementsOf(NUMBERS);
    Reply past = http.get(TRUNKS + "?per_page=2&page=4", key);
    assertThat(past.body().at("/data/items").size()).isZero();
    assertThat(past.body().at("/data/pagination/total").asLong()).isEqualTo(5);
  }

  @Test
  void the_channel_filter_counts_only_the_numbers_with_a_trunk_on_it() {
    Reply reply = http.get(TRUNKS + "?channel=whatsapp", key);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().at("/data/items").findValuesAsText("number"))
        .containsExactly(NUMBERS.get(1));
    assertThat(reply.body().at("/data/pagination/total").asLong()).isEqualTo(1);
  }

  @Test
  void a_stale_if_match_refuses_assign_and_delete_and_changes_nothing() {
    String number = NUMBERS.get(4);
    String agent = "5d1c2b3a-4f5e-4d6c-8b7a-9e0f1a2b3c4d";
    byo.agent(agent, "Night bot");
    String current =
        http.get("/api/v1/phone-numbers/channels?number=" + number.substring(1), key)
            .header("ETag")
            .orElseThrow();
    String assign =
        "{\"phone_number\":\""
            + number
            + "\",\"channel\":\"call\",\"agent_uuid\":\""
            + agent
            + "\"}";
    Reply stale = http.call("PUT", TRUNKS + "/assign", key, assign, "If-Match", "\"999\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
    Reply deleteStale =
        http.call(
            "DELETE",
            TRUNKS + "?phone_number=" + number.substring(1) + "&channel=call",
            key,
            null,
            "If-Match",
            "\"999\"");
    assertThat(deleteStale.status()).isEqualTo(412);
    assertThat(
            http.get("/api/v1/phone-numbers/channels?number=" + number.substring(1), key)
                .header("ETag"))
        .contains(current);
  }

  private static void register(String number, String channel) {
    Reply created =
        http.call(
            "POST",
            TRUNKS,
            key,
            "{\"phone_number\":\"" + number + "\",\"channel\":\"" + channel + "\"}");
    assertThat(created.status()).isEqualTo(201);
  }
}
