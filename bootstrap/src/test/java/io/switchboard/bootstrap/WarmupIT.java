package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a replica that just joined answered its first calls in over two seconds on a busy node,
 * so call routers' deadlines passed during a rolling restart. A replica now runs its hot paths
 * before it reports ready, and the warm-up only reads: it writes no change, creates no key and
 * counts no failed authentication.
 */
class WarmupIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void a_joining_replica_calls_itself_before_it_reports_ready_and_changes_nothing()
      throws Exception {
    String key = "sb_live_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    try (FreshService first = FreshService.start(WarmupIT.class, dataDir, key)) {
      var numbers = PhoneNumberServiceGrpc.newBlockingStub(first.channel());
      for (int i = 0; i < 3; i++) {
        String number = "+1208443917" + i;
        InventoryServiceGrpc.newBlockingStub(first.channel())
            .importNumbers(
                ImportNumbersRequest.newBuilder()
                    .addNumbers(
                        AvailableNumber.newBuilder()
                            .setNumber(number)
                            .setType(NumberType.NUMBER_TYPE_LOCAL)
                            .setCapabilities(Capabilities.newBuilder().setVoice(true))
                            .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("EUR")))
                    .build());
        numbers.purchasePhoneNumber(
            PurchasePhoneNumberRequest.newBuilder()
                .setNumber(number)
                .setRequestId(UUID.randomUUID().toString())
                .build());
      }
      long revisionBefore = first.switchboard().services().routeCache().appliedRevision();

      Switchboard joining = Switchboard.start(secondReplica(first.database(), key));
      try {
        assertThat(joining.services().routeCache().size()).isGreaterThanOrEqualTo(3);
        PrometheusScrape metrics = new PrometheusScrape(scrape(joining));
        assertThat(callsCounted(metrics, "grpc.health.v1.Health"))
            .as("health checks over its own port")
            .isGreaterThanOrEqualTo(Warmup.HEALTH_CHECKS);
        assertThat(
                callsCounted(metrics, "switchboard.v1.RoutingService")
                    + callsCounted(metrics, "switchboard.v1.PhoneNumberService"))
            .as("calls with the bootstrap key over its own port")
            .isGreaterThanOrEqualTo(Warmup.AS_THE_OPERATOR);
        assertThat(readyAnswer(joining)).isEqualTo(200);
        assertThat(metrics.sum("switchboard_auth_failures_total")).isZero();
        for (var route : joining.services().routeCache().sample(10)) {
          var held =
              numbers.getPhoneNumber(
                  GetPhoneNumberRequest.newBuilder()
                      .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber(route.number()))
                      .build());
          assertThat(held.getRouting().getLabel())
              .as("the rehearsed update was rolled back")
              .isEmpty();
        }
        first.switchboard().services().routeCache().catchUp();
        assertThat(first.switchboard().services().routeCache().appliedRevision())
            .as("the warm-up wrote nothing")
            .isEqualTo(revisionBefore);
      } finally {
        joining.shutdown();
      }
    }
  }

  private Config secondReplica(TestDatabase database, String key) throws Exception {
    Map<String, String> settings =
        new HashMap<>(
            FreshService.settings(
                database, Files.createDirectories(dataDir.resolve("joining")), key));
    // a cap, not a wait: the warm-up ends when its calls are done. On a crowded machine 20 s cut it
    // short (166 of the 200 operator calls under a load average of 18), so the cap is far above it.
    settings.put(Config.WARMUP_SECONDS, "120");
    return Config.fromEnvironment(TestEnvironment.withTestDefaults(settings));
  }

  private static String scrape(Switchboard switchboard) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + switchboard.managementPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int readyAnswer(Switchboard switchboard) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + switchboard.managementPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Calls the server finished for a gRPC service, from its processing-duration histogram. */
  private static double callsCounted(PrometheusScrape metrics, String service) {
    return metrics.sum(
        "grpc_server_processing_duration_seconds_count", "service=\"" + service + "\"");
  }
}
