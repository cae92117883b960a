package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 3: 1,000 mutations, each sent three times with the same idempotency key (gRPC {@code
 * request_id}, REST {@code Idempotency-Key}): two copies at once, then a third. The mutations are
 * spread over gRPC and the three REST dialects, five numbers and one field per door, so each (door,
 * number) pair sees a sequence of 50 mutations of its field. The third copy of a mutation is sent
 * only after the next mutation of its sequence has changed the field again: were it executed rather
 * than replayed, it would put the old value back and leave an extra change event. Then the same
 * keys are sent with other bodies and must be refused without effect.
 */
class IdempotentRetriesIT {
  private static final int MUTATIONS = 1000;
  private static final int NUMBERS = 5;
  private static final List<Door> DOORS =
      List.of(Door.GRPC, Door.MINDHUNTERS, Door.AGENTMESSAGE, Door.VOICEOS);
  private static final int SEQUENCES = NUMBERS * DOORS.size();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static ServiceUnderTest service;

  enum Door {
    GRPC("routing.status_url"),
    MINDHUNTERS("channel_settings.voice.channel_limit"),
    AGENTMESSAGE("routing.label"),
    VOICEOS("routing.webhooks");

    final String changedField;

    Door(String changedField) {
      this.changedField = changedField;
    }
  }

  /**
   * What one copy got back: a status (HTTP, or 200 for gRPC OK) and the response's bytes or text.
   */
  record Answer(int status, String body) {}

  @BeforeAll
  static void start() throws Exception {
    service = ServiceUnderTest.start(IdempotentRetriesIT.class, Map.of());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void repeats_replay_the_first_answer_and_change_nothing() throws Exception {
    List<PhoneNumber> numbers = service.buyNumbers(NUMBERS);
    long baseline = maxRevision();

    Queue<String> mismatches = new ConcurrentLinkedQueue<>();
    AtomicInteger copies = new AtomicInteger();
    AtomicInteger replayedEqual = new AtomicInteger();
    ExecutorService sequences = Executors.newFixedThreadPool(SEQUENCES);
    ExecutorService copySenders = Executors.newFixedThreadPool(SEQUENCES * 2);
    long started = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (int s = 0; s < SEQUENCES; s++) {
      int sequence = s;
      runs.add(
          sequences.submit(() -> {
            Integer previous = null;
            Answer previousFirst = null;
            for (int i = sequence; i < MUTATIONS; i += SEQUENCES) {
              int mutation = i;
              PhoneNumber target = numbers.get(numberIndex(mutation));
              CompletableFuture<Answer> one =
                  CompletableFuture.supplyAsync(() -> send(mutation, target, false), copySenders);
              CompletableFuture<Answer> two =
                  CompletableFuture.supplyAsync(() -> send(mutation, target, false), copySenders);
              Answer first = one.get(1, TimeUnit.MINUTES);
              Answer second = two.get(1, TimeUnit.MINUTES);
              copies.addAndGet(2);
              if (first.status() != 200) {
                mismatches.add("mutation " + mutation + " failed: " + first);
              }
              compare(mismatches, replayedEqual, mutation, "concurrent copy", first, second);
              if (previous != null) {
                // the field has moved on since: executing this copy again would be visible
                Answer third = send(previous, numbers.get(numberIndex(previous)), false);
                copies.incrementAndGet();
                compare(mismatches, replayedEqual, previous, "later copy", previousFirst, third);
              }
              previous = mutation;
              previousFirst = first;
            }
            Answer third = send(previous, numbers.get(numberIndex(previous)), false);
            copies.incrementAndGet();
            compare(mismatches, replayedEqual, previous, "later copy", previousFirst, third);
            return null;
          }));
    }
    for (Future<?> run : runs) {
      run.get(5, TimeUnit.MINUTES);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    int eventsAfterRetries = countEventsSince(baseline, numbers);
    List<String> wrongFinalValues = finalValues(numbers, baseline);

    // the same keys with different bodies: every tenth mutation, through its own door
    AtomicInteger refused = new AtomicInteger();
    List<String> notRefused = new ArrayList<>();
    for (int i = 0; i < MUTATIONS; i += 10) {
      Answer reuse = send(i, numbers.get(numberIndex(i)), true);
      boolean expected =
          DOORS.get(i % DOORS.size()) == Door.GRPC
              ? reuse.status() == Status.Code.INVALID_ARGUMENT.value() + 1000
                  && reuse.body().equals("IDEMPOTENCY_KEY_REUSED")
              : reuse.status() == 422;
      if (expected) {
        refused.incrementAndGet();
      } else {
        notRefused.add("mutation " + i + ": " + reuse);
      }
    }
    int eventsAfterReuse = countEventsSince(baseline, numbers);
    sequences.shutdown();
    copySenders.shutdown();

    int duplicates = eventsAfterRetries - MUTATIONS;
    ServiceUnderTest.figure(
        "idempotent-retries",
        MUTATIONS
            + " mutations x 3 copies = "
            + copies.get()
            + " calls in "
            + millis
            + " ms (gRPC, Mindhunters, AgentMessage, VoiceOS alike): change events "
            + eventsAfterRetries
            + ", duplicates "
            + duplicates
            + ", repeats equal to the first answer "
            + replayedEqual.get()
            + "/"
            + (copies.get() - MUTATIONS)
            + ", mismatches "
            + mismatches.size()
            + ", wrong final values "
            + wrongFinalValues.size()
            + "; key reused with another body: "
            + refused.get()
            + "/"
            + MUTATIONS / 10
            + " refused (gRPC INVALID_ARGUMENT IDEMPOTENCY_KEY_REUSED, REST 422), events they added "
            + (eventsAfterReuse - eventsAfterRetries));

    assertThat(mismatches).as("every copy answered exactly as the first").isEmpty();
    assertThat(duplicates).as("one change event per mutation").isZero();
    assertThat(wrongFinalValues).isEmpty();
    assertThat(notRefused).as("same key, different body").isEmpty();
    assertThat(eventsAfterReuse).as("refused reuses change nothing").isEqualTo(eventsAfterRetries);
  }

  private static int numberIndex(int mutation) {
    return (mutation / DOORS.size()) % NUMBERS;
  }

  private static void compare(
      Queue<String> mismatches,
      AtomicInteger equal,
      int mutation,
      String copy,
      Answer first,
      Answer repeat) {
    if (first.equals(repeat)) {
      equal.incrementAndGet();
    } else {
      mismatches.add(
          "mutation " + mutation + " " + copy + ": first " + first + ", repeat " + repeat);
    }
  }

  /**
   * Sends mutation {@code i} through its door; {@code tampered} changes the body but keeps the key.
   */
  private static Answer send(int i, PhoneNumber target, boolean tampered) {
    Door door = DOORS.get(i % DOORS.size());
    String key = "idem-" + RUN + "-" + i;
    int value = tampered ? i + 100_000 : i;
    try {
      switch (door) {
        case GRPC -> {
          try {
            PhoneNumber answer =
                PhoneNumberServiceGrpc.newBlockingStub(service.channel())
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .updatePhoneNumber(
                        UpdatePhoneNumberRequest.newBuilder()
                            .setPhoneNumber(
                                PhoneNumber.newBuilder()
                                    .setId(target.getId())
                                    .setRouting(
                                        Routing.newBuilder()
                                            .setStatusUrl("https://status.example/" + value)))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.status_url"))
                            .setRequestId(key)
                            .build());
            return new Answer(200, java.util.HexFormat.of().formatHex(answer.toByteArray()));
          } catch (StatusRuntimeException e) {
            return new Answer(e.getStatus().getCode().value() + 1000, reason(e));
          }
        }
        case MINDHUNTERS -> {
          return rest(
              "/api/v1/phone-numbers/" + target.getId(),
              "{\"channel_settings\":{\"voice\":{\"channel_limit\":" + value + "}}}",
              key);
        }
        case AGENTMESSAGE -> {
          return rest(
              "/v1/phone-numbers/" + target.getId(), "{\"label\":\"mutation " + value + "\"}", key);
        }
        case VOICEOS -> {
          return rest(
              "/phone_numbers/" + URLEncoder.encode(target.getNumber(), StandardCharsets.UTF_8),
              "{\"webhooks\":[{\"events\":[\"phone_call:connection_requested\"],\"url\":\"https://hooks.example/"
                  + value
                  + "\",\"method\":\"POST\",\"headers\":{},\"filter\":\"\"}]}",
              key);
        }
        default -> throw new IllegalStateException();
      }
    } catch (Exception e) {
      return new Answer(-1, e.toString());
    }
  }

  private static Answer rest(String path, String body, String key) throws Exception {
    HttpResponse<String> response =
        service.send("PATCH", path, body, Map.of("Idempotency-Key", key), Duration.ofSeconds(60));
    return new Answer(response.statusCode(), response.body());
  }

  private static String reason(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (var detail : status.getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          try {
            return detail.unpack(ErrorInfo.class).getReason();
          } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
            // fall through to the description
          }
        }
      }
    }
    return String.valueOf(e.getStatus().getDescription());
  }

  private static long maxRevision() throws Exception {
    try (Connection c = service.openJdbc();
        ResultSet rows =
            c.createStatement()
                .executeQuery("SELECT coalesce(max(revision), 0) FROM change_events")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Change events of the test's numbers after the baseline, one per executed mutation. */
  private static int countEventsSince(long baseline, List<PhoneNumber> numbers) throws Exception {
    try (Connection c = service.openJdbc();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT count(*) FROM change_events WHERE revision > ? "
                    + "AND resource_type = 'phone_number' AND resource_id = ANY (?)")) {
      query.setLong(1, baseline);
      query.setArray(
          2, c.createArrayOf("varchar", numbers.stream().map(PhoneNumber::getId).toArray()));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /**
   * Per (number, field), the values the change events recorded must be exactly the sequence of that
   * pair's mutations, in order: a re-executed copy would appear as an extra, out-of-order value.
   */
  private static List<String> finalValues(List<PhoneNumber> numbers, long baseline)
      throws Exception {
    List<String> wrong = new ArrayList<>();
    try (Connection c = service.openJdbc();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT ch->>'to' FROM change_events e, "
                    + "jsonb_array_elements(e.changes) ch WHERE e.revision > ? AND e.resource_id = ? AND ch->>'field' = ? "
                    + "ORDER BY e.revision")) {
      for (int n = 0; n < NUMBERS; n++) {
        for (int d = 0; d < DOORS.size(); d++) {
          List<String> expected = new ArrayList<>();
          for (int i = 0; i < MUTATIONS; i++) {
            if (i % DOORS.size() == d && numberIndex(i) == n) {
              expected.add(Integer.toString(i));
            }
          }
          query.setLong(1, baseline);
          query.setString(2, numbers.get(n).getId());
          query.setString(3, DOORS.get(d).changedField);
          List<String> recorded = new ArrayList<>();
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              // keep the mutation number the value carries ("https://status.example/17", "mutation
              // 17", "17")
              recorded.add(rows.getString(1).replaceAll("^.*?(\\d+)\\D*$", "$1"));
            }
          }
          if (!recorded.equals(expected)) {
            wrong.add(
                "number "
                    + n
                    + " "
                    + DOORS.get(d)
                    + ": recorded "
                    + recorded
                    + ", expected "
                    + expected);
          }
        }
      }
    }
    return wrong;
  }
}
