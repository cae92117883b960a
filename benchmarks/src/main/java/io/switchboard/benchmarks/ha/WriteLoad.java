package io.switchboard.benchmarks.ha;

import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.InboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writers that each own one number and set its inbound channel limit to 1, 2, 3, … in turn, through
 * two doors: gRPC {@code UpdatePhoneNumber} with a {@code request_id}, and the Mindhunters REST
 * PATCH with an {@code Idempotency-Key}. A write that fails with UNAVAILABLE / 503 (or an ambiguous
 * outcome: a deadline, a broken connection) is sent again with the same key until it is
 * acknowledged, as a careful client does; the next value is written only after that. Because every
 * value is written once and values only grow, the change history shows both a lost acknowledged
 * write (its value is missing) and a write applied twice (its value appears twice: a late first
 * attempt landing after the writer's next value).
 */
final class WriteLoad {

  /**
   * One attempt: which writer, when, and how it ended ("OK", a gRPC code, an HTTP status or an
   * exception).
   */
  record Attempt(int writer, long startNanos, long endNanos, String outcome) {
    boolean ok() {
      return outcome.equals("OK") || outcome.equals("200");
    }
  }

  /** An acknowledged write. */
  record Ack(int writer, int value, long endNanos) {}

  private static final Duration GRPC_DEADLINE = Duration.ofSeconds(3);
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(10);

  /** A write still not acknowledged this long after the load stopped is given up (and counted). */
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  private static final Set<String> RETRYABLE =
      Set.of(
          "UNAVAILABLE",
          "DEADLINE_EXCEEDED",
          "ABORTED",
          "RESOURCE_EXHAUSTED",
          "503",
          "429",
          "502",
          "504");

  final List<PhoneNumber> numbers;
  final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
  final Queue<String> abandoned = new ConcurrentLinkedQueue<>();
  private final int grpcWriters;
  private final ManagedChannel[] grpcChannels;
  private final List<Integer> httpPorts;
  private final String apiKey;
  private final long pauseMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param grpcChannels gRPC writer {@code i} uses channel {@code i % length} (one round-robin
   *     channel, or one per replica)
   * @param httpPorts REST writers start on a replica of their own and move to the next one when a
   *     replica is away
   */
  WriteLoad(
      List<PhoneNumber> numbers,
      int grpcWriters,
      ManagedChannel[] grpcChannels,
      List<Integer> httpPorts,
      String apiKey,
      long pauseMillis) {
    this.numbers = numbers;
    this.grpcWriters = grpcWriters;
    this.grpcChannels = grpcChannels;
    this.httpPorts = httpPorts;
    this.apiKey = apiKey;
    this.pauseMillis = pauseMillis;
  }

  void start() {
    for (int w = 0; w < numbers.size(); w++) {
      int writer = w;
      Thread t = Thread.ofPlatform().name("writer-" + w).daemon().start(() -> loop(writer));
      threads.add(t);
    }
  }

  /**
   * Stops issuing new values; a write in progress is still retried until acknowledged (or given
   * up).
   */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(GIVE_UP.toMillis() + 30_000);
    }
  }

  private void loop(int writer) {
    PhoneNumber number = numbers.get(writer);
    int port = writer;
    int value = 0;
    while (running.get()) {
      value++;
      String key = UUID.randomUUID().toString();
      long stopAt = Long.MAX_VALUE;
      while (true) {
        long start = System.nanoTime();
        String outcome =
            writer < grpcWriters
                ? writeGrpc(grpcChannels[writer % grpcChannels.length], number.getId(), value, key)
                : writeRest(httpPorts.get(port % httpPorts.size()), number.getId(), value, key);
        long end = System.nanoTime();
        attempts.add(new Attempt(writer, start, end, outcome));
        if (outcome.equals("OK") || outcome.equals("200")) {
          acks.add(new Ack(writer, value, end));
          break;
        }
        if (!running.get() && stopAt == Long.MAX_VALUE) {
          stopAt = end + GIVE_UP.toNanos();
        }
        if (!RETRYABLE.contains(outcome) && !outcome.startsWith("java.")) {
          abandoned.add("writer " + writer + " value " + value + ": " + outcome);
          break;
        }
        if (end > stopAt) {
          abandoned.add(
              "writer " + writer + " value " + value + ": still " + outcome + " after the load");
          break;
        }
        // a REST client whose replica is away tries the next one with the same key
        port++;
        sleep(100);
      }
      sleep(pauseMillis);
    }
  }

  private static String writeGrpc(
      ManagedChannel channel, String numberId, int value, String requestId) {
    try {
      PhoneNumberServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(GRPC_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .updatePhoneNumber(inboundLimitUpdate(numberId, value, requestId));
      return "OK";
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }

  static UpdatePhoneNumberRequest inboundLimitUpdate(String numberId, int value, String requestId) {
    return UpdatePhoneNumberRequest.newBuilder()
        .setPhoneNumber(
            PhoneNumber.newBuilder()
                .setId(numberId)
                .setChannelSettings(
                    ChannelSettings.newBuilder()
                        .setInbound(InboundChannel.newBuilder().setChannelLimit(value))))
        .setUpdateMask(FieldMask.newBuilder().addPaths("channel_settings.inbound.channel_limit"))
        .setRequestId(requestId)
        .build();
  }

  private String writeRest(int httpPort, String numberId, int value, String idempotencyKey) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + httpPort + "/api/v1/phone-numbers/" + numberId))
              .timeout(REST_TIMEOUT)
              .header("Authorization", "Bearer " + apiKey)
              .header("Idempotency-Key", idempotencyKey)
              .header("Content-Type", "application/json")
              .method(
                  "PATCH",
                  HttpRequest.BodyPublishers.ofString(
                      "{\"channel_settings\":{\"inbound\":{\"channel_limit\":" + value + "}}}"))
              .build();
      return Integer.toString(
          http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "java.lang.InterruptedException";
    } catch (Exception e) {
      return e.getClass().getName();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the database holds after the load, against what was acknowledged. */
  record Verdict(
      int acknowledged,
      List<String> lost,
      List<String> appliedTwice,
      Map<String, Integer> finalValues) {}

  /** Reads every number's change history and current value back from the leader. */
  Verdict verify(Connection leader) throws Exception {
    List<String> lost = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    Map<String, Integer> finalValues = new HashMap<>();
    List<Ack> all = new ArrayList<>(acks);
    try (PreparedStatement history =
            leader.prepareStatement(
                "SELECT ch->>'to' FROM change_events e, "
                    + "jsonb_array_elements(e.changes) ch WHERE e.resource_id = ? AND ch->>'field' = 'channel_settings.inbound.channel_limit'");
        PreparedStatement current =
            leader.prepareStatement(
                "SELECT inbound_channel_limit FROM phone_numbers WHERE id = ?::uuid")) {
      for (int writer = 0; writer < numbers.size(); writer++) {
        String id = numbers.get(writer).getId();
        Map<Integer, Integer> recorded = new HashMap<>();
        history.setString(1, id);
        try (ResultSet rows = history.executeQuery()) {
          while (rows.next()) {
            recorded.merge(Integer.parseInt(rows.getString(1)), 1, Integer::sum);
          }
        }
        current.setString(1, id);
        int now;
        try (ResultSet rows = current.executeQuery()) {
          rows.next();
          now = rows.getInt(1);
        }
        finalValues.put(id, now);
        int lastAck = 0;
        for (Ack ack : all) {
          if (ack.writer() == writer) {
            lastAck = Math.max(lastAck, ack.value());
            if (!recorded.containsKey(ack.value())) {
              lost.add("writer " + writer + " value " + ack.value());
            }
          }
        }
        if (now < lastAck) {
          lost.add(
              "writer " + writer + " holds " + now + " after " + lastAck + " was acknowledged");
        }
        int w = writer;
        recorded.forEach((value, times) -> {
          if (times > 1) {
            twice.add("writer " + w + " value " + value + " applied " + times + " times");
          }
        });
      }
    }
    return new Verdict(all.size(), lost, twice, finalValues);
  }

  /** Attempts that failed, by outcome. */
  Map<String, Integer> failedAttempts(long fromNanos, long toNanos) {
    Map<String, Integer> failed = new HashMap<>();
    for (Attempt a : attempts) {
      if (!a.ok() && a.endNanos() >= fromNanos && a.startNanos() <= toNanos) {
        failed.merge(a.outcome(), 1, Integer::sum);
      }
    }
    return failed;
  }
}
