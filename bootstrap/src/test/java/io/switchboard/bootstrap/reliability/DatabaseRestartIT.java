package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case 4: PostgreSQL stops for about three seconds under a steady write load and starts again,
 * while the service keeps running. The database is a dedicated embedded PostgreSQL this test starts
 * and stops on a fixed port and data directory (never the machine's shared server). Acknowledged
 * writes must all be there afterwards; during the outage callers get UNAVAILABLE / 503 (nothing
 * else, nothing later than their deadline); the first write that succeeds after the restart comes
 * within 5 s.
 */
class DatabaseRestartIT {
  private static final int GRPC_CLIENTS = 6;
  private static final int REST_CLIENTS = 2;
  private static final Duration GRPC_DEADLINE = Duration.ofSeconds(2);

  /** REST has no deadline header; the client gives up after this, and no call may come near it. */
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration OUTAGE = Duration.ofSeconds(3);
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(5);

  @TempDir static Path dataDir;

  private static RestartablePostgres postgres;
  private static ServiceUnderTest service;

  /**
   * One call of the load: who, what value it wrote, when, and how it ended ("OK", a gRPC code, or
   * an HTTP status).
   */
  record Call(int client, int value, long startNanos, long endNanos, String outcome) {
    boolean ok() {
      return outcome.equals("OK") || outcome.equals("200");
    }

    Duration elapsed() {
      return Duration.ofNanos(endNanos - startNanos);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    postgres = RestartablePostgres.start(dataDir.resolve("pg"));
    service = ServiceUnderTest.startOn(postgres.jdbcUrl(), "postgres", Map.of());
  }

  @AfterAll
  static void stop() throws IOException {
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void no_acknowledged_write_is_lost_and_the_service_recovers_by_itself() throws Exception {
    List<PhoneNumber> numbers = service.buyNumbers(GRPC_CLIENTS + REST_CLIENTS);
    Queue<Call> calls = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(GRPC_CLIENTS + REST_CLIENTS);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < GRPC_CLIENTS + REST_CLIENTS; c++) {
      int client = c;
      PhoneNumber number = numbers.get(c);
      loops.add(
          clients.submit(() -> {
            int value = 0;
            while (running.get()) {
              value++;
              long start = System.nanoTime();
              String outcome =
                  client < GRPC_CLIENTS ? writeGrpc(number, value) : writeRest(number, value);
              calls.add(new Call(client, value, start, System.nanoTime(), outcome));
              Thread.sleep(20);
            }
            return null;
          }));
    }

    Thread.sleep(2000);
    long stopping = System.nanoTime();
    postgres.stop();
    long stopped = System.nanoTime();
    Thread.sleep(OUTAGE.toMillis());
    long starting = System.nanoTime();
    postgres.startAgain();
    long restarted = System.nanoTime();
    Thread.sleep(RECOVERY_LIMIT.toMillis() + 2000);
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get(1, TimeUnit.MINUTES);
    }
    clients.shutdown();

    List<Call> all = new ArrayList<>(calls);
    Map<String, Long> outcomes =
        all.stream()
            .collect(Collectors.groupingBy(Call::outcome, TreeMap::new, Collectors.counting()));
    // calls that overlapped the time the database was stopping, down or starting
    List<Call> duringOutage =
        all.stream().filter(c -> c.endNanos() > stopping && c.startNanos() < restarted).toList();
    Map<String, Long> outageOutcomes =
        duringOutage.stream()
            .collect(Collectors.groupingBy(Call::outcome, TreeMap::new, Collectors.counting()));
    Duration longestGrpc =
        all.stream()
            .filter(c -> c.client() < GRPC_CLIENTS)
            .map(Call::elapsed)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Duration longestRest =
        all.stream()
            .filter(c -> c.client() >= GRPC_CLIENTS)
            .map(Call::elapsed)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Duration firstSuccessAfterRestart =
        all.stream()
            .filter(c -> c.ok() && c.startNanos() >= restarted)
            .map(c -> Duration.ofNanos(c.endNanos() - restarted))
            .min(Duration::compareTo)
            .orElse(null);
    Duration slowestGrpcRefusal =
        all.stream()
            .filter(c -> !c.ok() && c.client() < GRPC_CLIENTS)
            .map(Call::elapsed)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Duration slowestRestRefusal =
        all.stream()
            .filter(c -> !c.ok() && c.client() >= GRPC_CLIENTS)
            .map(Call::elapsed)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    List<Call> acknowledged = all.stream().filter(Call::ok).toList();
    List<String> missing = missingWrites(numbers, acknowledged);

    ServiceUnderTest.figure(
        "database-restart",
        all.size()
            + " writes by "
            + GRPC_CLIENTS
            + " gRPC + "
            + REST_CLIENTS
            + " REST clients, database stopped in "
            + millis(stopping, stopped)
            + " ms, down "
            + millis(stopped, starting)
            + " ms, started in "
            + millis(starting, restarted)
            + " ms; outcomes "
            + outcomes
            + "; during the outage "
            + outageOutcomes
            + "; acknowledged "
            + acknowledged.size()
            + ", missing afterwards "
            + missing.size()
            + "; longest gRPC call "
            + longestGrpc.toMillis()
            + " ms (deadline "
            + GRPC_DEADLINE.toMillis()
            + " ms), longest REST call "
            + longestRest.toMillis()
            + " ms; slowest refusal gRPC "
            + slowestGrpcRefusal.toMillis()
            + " ms, REST "
            + slowestRestRefusal.toMillis()
            + " ms; first write OK "
            + (firstSuccessAfterRestart == null
                ? "never"
                : firstSuccessAfterRestart.toMillis() + " ms")
            + " after the database was back");

    assertThat(missing).as("acknowledged writes missing afterwards").isEmpty();
    assertThat(outcomes.keySet())
        .as("only OK / UNAVAILABLE / 200 / 503")
        .isSubsetOf("OK", "UNAVAILABLE", "200", "503");
    assertThat(outageOutcomes.keySet())
        .as("the outage was felt")
        .containsAnyOf("UNAVAILABLE", "503");
    assertThat(longestGrpc)
        .as("no gRPC call outlived its deadline")
        .isLessThan(GRPC_DEADLINE.plusMillis(500));
    // gRPC callers learn it before their deadline; REST carries no deadline, so the pool's 5 s wait
    // for a connection
    // is the bound there (in practice the pool reports the unreachable database within a quarter
    // second)
    assertThat(slowestGrpcRefusal)
        .as("gRPC refusals come before the deadline")
        .isLessThan(GRPC_DEADLINE);
    assertThat(slowestRestRefusal)
        .as("REST refusals within the pool's connection timeout")
        .isLessThan(Duration.ofSeconds(6));
    assertThat(longestRest).as("no REST call hung").isLessThan(REST_TIMEOUT.minusSeconds(2));
    assertThat(firstSuccessAfterRestart)
        .as("recovered without a restart of the service")
        .isNotNull()
        .isLessThanOrEqualTo(RECOVERY_LIMIT);
  }

  private static long millis(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }

  private static String writeGrpc(PhoneNumber number, int value) {
    try {
      PhoneNumberServiceGrpc.newBlockingStub(service.channel())
          .withDeadlineAfter(GRPC_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .updatePhoneNumber(ServiceUnderTest.voiceLimitUpdate(number.getId(), "", value));
      return "OK";
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }

  private static String writeRest(PhoneNumber number, int value) {
    try {
      HttpResponse<String> response =
          service.send(
              "PATCH",
              "/api/v1/phone-numbers/" + number.getId(),
              "{\"channel_settings\":{\"voice\":{\"channel_limit\":" + value + "}}}",
              Map.of(),
              REST_TIMEOUT);
      return Integer.toString(response.statusCode());
    } catch (Exception e) {
      return e.getClass().getSimpleName();
    }
  }

  /**
   * Every acknowledged value must be recorded for its number, and each number holds at least its
   * last one.
   */
  private static List<String> missingWrites(List<PhoneNumber> numbers, List<Call> acknowledged)
      throws Exception {
    List<String> missing = new ArrayList<>();
    try (Connection c = service.openJdbc();
        PreparedStatement history =
            c.prepareStatement(
                "SELECT ch->>'to' FROM change_events e, "
                    + "jsonb_array_elements(e.changes) ch WHERE e.resource_id = ? AND ch->>'field' = ?");
        PreparedStatement current =
            c.prepareStatement(
                "SELECT voice_channel_limit FROM phone_numbers WHERE id = ?::uuid")) {
      for (int client = 0; client < numbers.size(); client++) {
        String id = numbers.get(client).getId();
        Set<Integer> recorded = new HashSet<>();
        history.setString(1, id);
        history.setString(2, "channel_settings.voice.channel_limit");
        try (ResultSet rows = history.executeQuery()) {
          while (rows.next()) {
            recorded.add(Integer.parseInt(rows.getString(1)));
          }
        }
        current.setString(1, id);
        int now;
        try (ResultSet rows = current.executeQuery()) {
          rows.next();
          now = rows.getInt(1);
        }
        int lastAcknowledged = 0;
        for (Call call : acknowledged) {
          if (call.client() == client) {
            lastAcknowledged = Math.max(lastAcknowledged, call.value());
            if (!recorded.contains(call.value())) {
              missing.add("client " + client + " value " + call.value() + " has no change event");
            }
          }
        }
        if (now < lastAcknowledged) {
          missing.add(
              "client "
                  + client
                  + " holds "
                  + now
                  + " but "
                  + lastAcknowledged
                  + " was acknowledged");
        }
      }
    }
    return missing;
  }
}
