package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 1: many clients increment one counter of one number with read-modify-write cycles guarded by
 * the etag. An update from a stale read must be refused (ABORTED), so the final counter equals the
 * number of accepted updates.
 */
class ConflictingWritersIT {
  private static final int CLIENTS = 64;
  private static final int CYCLES = 200;

  private static ServiceUnderTest service;

  @BeforeAll
  static void start() throws Exception {
    service = ServiceUnderTest.start(ConflictingWritersIT.class, Map.of());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void every_accepted_increment_counts_and_no_stale_write_wins() throws Exception {
    PhoneNumber number = service.buyNumber();
    PhoneNumberRef ref = PhoneNumberRef.newBuilder().setId(number.getId()).build();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger aborted = new AtomicInteger();
    Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
    // each accepted update claims the value it wrote; a lost update would show as a value claimed
    // twice
    Map<Integer, Integer> claimedValues = new ConcurrentHashMap<>();
    AtomicInteger duplicateClaims = new AtomicInteger();

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long started = System.nanoTime();
    List<Future<?>> runs = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      runs.add(
          clients.submit(() -> {
            var stub = PhoneNumberServiceGrpc.newBlockingStub(service.channel());
            go.await();
            for (int cycle = 0; cycle < CYCLES; cycle++) {
              try {
                PhoneNumber current =
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getPhoneNumber(
                            GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build());
                int next = current.getChannelSettings().getVoice().getChannelLimit() + 1;
                stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .updatePhoneNumber(
                        ServiceUnderTest.voiceLimitUpdate(number.getId(), current.getEtag(), next));
                ok.incrementAndGet();
                if (claimedValues.putIfAbsent(next, client) != null) {
                  duplicateClaims.incrementAndGet();
                }
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.ABORTED) {
                  aborted.incrementAndGet();
                } else {
                  unexpected
                      .computeIfAbsent(e.getStatus().getCode().name(), k -> new AtomicInteger())
                      .incrementAndGet();
                }
              }
            }
            return null;
          }));
    }
    go.countDown();
    for (Future<?> run : runs) {
      run.get(5, TimeUnit.MINUTES);
    }
    clients.shutdown();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    int finalCounter =
        service
            .numbers()
            .getPhoneNumber(GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build())
            .getChannelSettings()
            .getVoice()
            .getChannelLimit();
    int lostUpdates = ok.get() - finalCounter;
    ServiceUnderTest.figure(
        "conflicting-writers",
        CLIENTS
            + " clients x "
            + CYCLES
            + " cycles = "
            + CLIENTS * CYCLES
            + " updates in "
            + millis
            + " ms: "
            + ok.get()
            + " OK, "
            + aborted.get()
            + " ABORTED, other "
            + unexpected
            + ", final counter "
            + finalCounter
            + ", lost updates "
            + lostUpdates
            + ", values written twice "
            + duplicateClaims.get());

    assertThat(unexpected).as("every update is OK or ABORTED").isEmpty();
    assertThat(ok.get() + aborted.get()).isEqualTo(CLIENTS * CYCLES);
    assertThat(ok.get()).as("some updates got through").isPositive();
    assertThat(finalCounter).as("final counter == OK count").isEqualTo(ok.get());
    assertThat(duplicateClaims.get()).as("no two accepted updates wrote the same value").isZero();
  }
}
