package io.switchboard.rest.mindhunters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.switchboard.application.audit.ExportChangesService;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.RestApi;
import io.switchboard.rest.testing.OpenApiContract;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/audit-events and its export over 3,000 recorded events: filters, cursor pages, tenant
 * isolation, and both export formats complete and in order, streamed through the change feed's
 * scan.
 */
class MindhuntersAuditIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 3000;
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final AtomicInteger SCANS = new AtomicInteger();
  private static final AtomicInteger SEARCHES = new AtomicInteger();

  /** When not negative, the next scan fails after handing over this many events. */
  private static final AtomicInteger FAIL_SCAN_AFTER = new AtomicInteger(-1);

  private static TestApplication app;
  private static Javalin server;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static TestApplication.Tenant acme;
  private static String reader;

  /** The change feed, counting the calls of its audit methods. */
  private static ChangeFeed counting(ChangeFeed feed) {
    return (ChangeFeed)
        Proxy.newProxyInstance(
            ChangeFeed.class.getClassLoader(),
            new Class<?>[] {ChangeFeed.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "scan" -> {
                  SCANS.incrementAndGet();
                  int failAfter = FAIL_SCAN_AFTER.getAndSet(-1);
                  if (failAfter >= 0) {
                    args[2] = failingAfter(failAfter, (Consumer<ChangeEvent>) args[2]);
                  }
                }
                case "search" -> SEARCHES.incrementAndGet();
                default -> {}
              }
              try {
                return method.invoke(feed, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static Consumer<ChangeEvent> failingAfter(int count, Consumer<ChangeEvent> sink) {
    AtomicInteger handed = new AtomicInteger();
    return event -> {
      if (handed.getAndIncrement() == count) {
        throw new IllegalStateException("the database went away mid-scan");
      }
      sink.accept(event);
    };
  }

  @BeforeAll
  static void start() {
    app = TestApplication.start(MindhuntersAuditIT.class);
    Ports ports =
        JooqPorts.create(
            app.database().dataSource(),
            app.clock(),
            JooqChangeFeed.NotificationConnections.of(
                app.database().jdbcUrl(), app.database().user(), app.database().password()),
            AesGcmSecretCipher.of(TestApplication.keys()));
    ChangeFeed feed = counting(ports.changeFeed());
    var u = RestApi.InboundPorts.of(app.useCases());
    var in =
        new RestApi.InboundPorts(
            u.authenticate(),
            u.getPhoneNumber(),
            u.listPhoneNumbers(),
            u.updatePhoneNumber(),
            u.releasePhoneNumber(),
            u.searchAvailableNumbers(),
            u.purchasePhoneNumber(),
            u.orderPhoneNumbers(),
            u.registerTrunk(),
            u.listTrunkNumbers(),
            u.updateTrunk(),
            u.assignTrunk(),
            u.deleteTrunk(),
            u.bindAgent(),
            u.unbindAgent(),
            u.listChanges(),
            new ExportChangesService(
                feed,
                new UseCaseSteps(ports.transactions(), feed, app.clock()),
                ExportChangesService.DEFAULT_EXPORTS_PER_ORGANIZATION),
            u.webhooks(),
            u.idempotency(),
            u.tokenSigner());
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.http.maxRequestSize = JsonBodies.MAX_BODY_BYTES;
                  new RestApi(in, app.clock()).accept(config);
                })
            .start("127.0.0.1", 0);

    acme = app.tenant("acme");
    reader = acme.apiKey(Scope.NUMBERS_READ);
    var other = app.tenant("other");
    ports
        .transactions()
        .run(() -> {
          for (int i = 0; i < EVENTS; i++) {
            ports.changeFeed().append(event(acme, i));
            if (i % 10 == 0) {
              ports.changeFeed().append(event(other, i));
            }
          }
        });
  }

  @AfterAll
  static void stop() {
    server.stop();
    app.close();
  }

  /**
   * Every third event is an update through the Mindhunters door; values carry commas, quotes and
   * line breaks.
   */
  private static ChangeEvent event(TestApplication.Tenant tenant, int i) {
    return new ChangeEvent(
        0,
        tenant.id(),
        ResourceType.INVENTORY,
        "item-" + i,
        Optional.of("+1208446" + String.format("%04d", i)),
        i % 3 == 0 ? ChangeAction.UPDATED : ChangeAction.CREATED,
        List.of(new FieldChange("note", Optional.of("a, \"quoted\"\nline " + i), Optional.empty())),
        Optional.empty(),
        Optional.of(new RequestId("req-" + i)),
        i % 3 == 0 ? SourceApi.REST_MINDHUNTERS : SourceApi.SYSTEM,
        T0.plusSeconds(i));
  }

  private record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(body, e);
      }
    }
  }

  private static Answer get(String pathAndQuery, String key) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                  .header("Authorization", "Bearer " + key)
                  .timeout(Duration.ofSeconds(60))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
      OpenApiContract.assertMatches(
          "GET", pathAndQuery, response.statusCode(), response.headers(), response.body());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void the_list_pages_newest_first_through_cursors_with_the_filters_it_was_given() {
    String range =
        "&from=" + q(T0.plusSeconds(1000).toString()) + "&to=" + q(T0.plusSeconds(1300).toString());
    String filters = "?per_page=40&source_api=rest.mindhunters&action=updated" + range;
    List<JsonNode> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Answer page =
          get(
              "/api/v1/audit-events" + filters + (cursor == null ? "" : "&cursor=" + q(cursor)),
              reader);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json().at("/data/items").forEach(seen::add);
      JsonNode pagination = page.json().at("/data/pagination");
      cursor =
          pagination.get("next_cursor").isNull() ? null : pagination.get("next_cursor").asText();
      assertThat(pagination.get("has_more").asBoolean()).isEqualTo(cursor != null);
      pages++;
    } while (cursor != null);

    // updates are every third event: 1002, 1005, ... 1299 in the range [1000, 1300)
    assertThat(seen).hasSize(100);
    assertThat(pages).isEqualTo(3);
    assertThat(seen.getFirst().get("resource_id").asText()).isEqualTo("item-1299");
    assertThat(seen.getLast().get("resource_id").asText()).isEqualTo("item-1002");
    assertThat(seen)
        .extracting(e -> e.get("revision").asLong())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a))
        .doesNotHaveDuplicates();
    assertThat(seen.getFirst().at("/changes/0/old_value").asText())
        .isEqualTo("a, \"quoted\"\nline 1299");
    assertThat(seen.getFirst().get("organization_id").asText()).isEqualTo(acme.id().toString());
  }

  @Test
  void a_cursor_only_continues_the_filters_it_was_issued_for() {
    Answer first = get("/api/v1/audit-events?per_page=5&action=updated", reader);
    String cursor = first.json().at("/data/pagination/next_cursor").asText();

    Answer other =
        get("/api/v1/audit-events?per_page=5&action=created&cursor=" + q(cursor), reader);
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().at("/error/field").asText()).isEqualTo("cursor");
    Answer forged = get("/api/v1/audit-events?cursor=forged", reader);
    assertThat(forged.status()).isEqualTo(422);
    assertThat(forged.json().at("/error/field").asText()).isEqualTo("cursor");
  }

  @Test
  void another_organization_sees_none_of_these_events() {
    var stranger = app.tenant("stranger");
    Answer list =
        get("/api/v1/audit-events?resource_type=inventory", stranger.apiKey(Scope.NUMBERS_READ));
    assertThat(list.json().at("/data/items")).isEmpty();
    Answer ownOnly = get("/api/v1/audit-events?per_page=100&resource_type=inventory", reader);
    assertThat(ownOnly.json().at("/data/items"))
        .allSatisfy(
            e -> assertThat(e.get("organization_id").asText()).isEqualTo(acme.id().toString()));
  }

  @Test
  void the_csv_export_streams_every_event_of_the_range_oldest_first_through_the_scan() {
    int scansBefore = SCANS.get();
    int searchesBefore = SEARCHES.get();
    Answer csv =
        get(
            "/api/v1/audit-events/export?format=csv&from="
                + q(T0.toString())
                + "&to="
                + q(T0.plusSeconds(EVENTS).toString()),
            reader);

    assertThat(csv.status()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"audit-events.csv\"");
    assertThat(csv.headers().firstValue("Content-Length"))
        .as("chunked, not sized up front")
        .isEmpty();
    assertThat(SCANS.get() - scansBefore).isEqualTo(1);
    assertThat(SEARCHES.get() - searchesBefore).isZero();

    // records end in CRLF; a quoted field may hold a bare LF
    List<String> records = List.of(csv.body().split("\r\n", -1));
    assertThat(records).hasSize(EVENTS + 2);
    assertThat(records.getFirst()).startsWith("revision,occurred_at,organization_id,");
    assertThat(records.getLast()).isEmpty();
    long previous = 0;
    for (int i = 0; i < EVENTS; i++) {
      String record = records.get(i + 1);
      long revision = Long.parseLong(record.substring(0, record.indexOf(',')));
      assertThat(revision).isGreaterThan(previous);
      previous = revision;
      assertThat(record)
          .contains(",item-" + i + ",")
          .contains(
              "\"[{\"\"field\"\":\"\"note\"\",\"\"old_value\"\":\"\"a, \\\"\"quoted\\\"\"\\nline "
                  + i
                  + "\"\",\"\"new_value\"\":null}]\"");
    }
  }

  @Test
  void the_ndjson_export_is_one_json_object_per_event_oldest_first() {
    Answer ndjson =
        get(
            "/api/v1/audit-events/export?format=ndjson&action=created&from="
                + q(T0.toString())
                + "&to="
                + q(T0.plusSeconds(EVENTS).toString()),
            reader);

    assertThat(ndjson.status()).isEqualTo(200);
    assertThat(ndjson.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
    List<String> lines = ndjson.body().lines().toList();
    assertThat(lines).hasSize(EVENTS - EVENTS / 3);
    int expected = 1;
    for (String line : lines) {
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError(line, e);
      }
      assertThat(event.get("resource_id").asText()).isEqualTo("item-" + expected);
      assertThat(event.get("action").asText()).isEqualTo("created");
      assertThat(event.at("/changes/0/old_value").asText())
          .isEqualTo("a, \"quoted\"\nline " + expected);
      expected += expected % 3 == 2 ? 2 : 1;
    }
  }

  @Test
  void an_export_needs_a_time_range_a_known_format_and_the_read_scope() {
    Answer noRange = get("/api/v1/audit-events/export?format=csv", reader);
    assertThat(noRange.status()).isEqualTo(422);
    assertThat(noRange.json().at("/error/field").asText()).isEqualTo("from");
    assertThat(noRange.headers().firstValue("Content-Disposition")).isEmpty();
    Answer badFormat =
        get(
            "/api/v1/audit-events/export?format=xlsx&from="
                + q(T0.toString())
                + "&to="
                + q(T0.plusSeconds(1).toString()),
            reader);
    assertThat(badFormat.status()).isEqualTo(422);
    assertThat(badFormat.json().at("/error/field").asText()).isEqualTo("format");
    Answer backwards =
        get(
            "/api/v1/audit-events/export?from="
                + q(T0.toString())
                + "&to="
                + q(T0.minusSeconds(1).toString()),
            reader);
    assertThat(backwards.status()).isEqualTo(422);
    assertThat(backwards.json().at("/error/field").asText()).isEqualTo("to");
    Answer noScope =
        get(
            "/api/v1/audit-events/export?from="
                + q(T0.toString())
                + "&to="
                + q(T0.plusSeconds(1).toString()),
            acme.apiKey(Scope.NUMBERS_WRITE));
    assertThat(noScope.status()).isEqualTo(403);
    assertThat(noScope.headers().firstValue("Content-Disposition")).isEmpty();
    assertThat(noScope.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
  }

  private static String wholeRange() {
    return "from=" + q(T0.toString()) + "&to=" + q(T0.plusSeconds(EVENTS).toString());
  }

  @Test
  void a_failure_before_the_first_bytes_is_an_error_response_not_a_file() {
    FAIL_SCAN_AFTER.set(0);
    Answer failed = get("/api/v1/audit-events/export?format=ndjson&" + wholeRange(), reader);

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.json().at("/error/code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(failed.headers().firstValue("Content-Disposition")).isEmpty();
  }

  @Test
  void a_failure_after_the_first_bytes_cuts_the_transfer_short_so_no_client_takes_it_for_whole() {
    FAIL_SCAN_AFTER.set(2000);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + server.port()
                        + "/api/v1/audit-events/export?format=csv&"
                        + wholeRange()))
            .header("Authorization", "Bearer " + reader)
            .timeout(Duration.ofSeconds(60))
            .build();

    assertThatThrownBy(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    // the server is fine afterwards
    assertThat(get("/api/v1/audit-events?per_page=1", reader).status()).isEqualTo(200);
  }
}
