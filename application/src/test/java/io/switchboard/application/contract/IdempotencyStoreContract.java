package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.application.port.IdempotencyStore.StoredResponse;
import io.switchboard.domain.org.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

public abstract class IdempotencyStoreContract extends PortContract {
  private static final Instant NOW = Samples.T0;
  private static final Instant TOMORROW = NOW.plus(Duration.ofHours(24));

  private IdempotencyStore store() {
    return ports().idempotency();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Optional<StoredResponse> claimAndComplete(
      OrganizationId org, String key, String fingerprint, Instant now, String response) {
    return ports()
        .transactions()
        .inTransaction(() -> {
          Optional<StoredResponse> earlier =
              store().claim(org, key, bytes(fingerprint), now, now.plus(Duration.ofHours(24)));
          if (earlier.isEmpty()) {
            store().complete(org, key, bytes(response));
          }
          return earlier;
        });
  }

  @Test
  void the_first_claim_wins_and_later_ones_replay_its_response_and_fingerprint() {
    OrganizationId org = newOrganization();

    assertThat(claimAndComplete(org, "key-1", "request-a", NOW, "response-a")).isEmpty();
    Optional<StoredResponse> replay =
        claimAndComplete(org, "key-1", "request-b", NOW.plusSeconds(5), "response-b");

    assertThat(replay)
        .hasValueSatisfying(stored -> {
          assertThat(stored.fingerprint()).isEqualTo(bytes("request-a"));
          assertThat(stored.response()).isEqualTo(bytes("response-a"));
        });
  }

  @Test
  void a_stored_response_comes_back_byte_for_byte_whatever_its_bytes_and_size() {
    OrganizationId org = newOrganization();
    byte[] response = new byte[64 * 1024]; // every byte value, over and over, as a large import's
    for (int i = 0; i < response.length; i++) {
      response[i] = (byte) (i * 7 + i / 256);
    }

    ports()
        .transactions()
        .inTransaction(() -> {
          assertThat(store().claim(org, "key-bytes", bytes("request"), NOW, TOMORROW)).isEmpty();
          store().complete(org, "key-bytes", response);
          return null;
        });
    Optional<StoredResponse> replay =
        ports()
            .transactions()
            .inTransaction(() ->
                store().claim(org, "key-bytes", bytes("request"), NOW.plusSeconds(1), TOMORROW));

    assertThat(replay)
        .hasValueSatisfying(stored -> assertThat(stored.response()).isEqualTo(response));
  }

  @Test
  void keys_are_per_organization() {
    OrganizationId first = newOrganization();
    OrganizationId second = newOrganization();
    claimAndComplete(first, "shared-key", "a", NOW, "first");

    assertThat(claimAndComplete(second, "shared-key", "a", NOW, "second")).isEmpty();
  }

  @Test
  void a_claim_rolled_back_with_its_transaction_leaves_the_key_free() {
    OrganizationId org = newOrganization();
    try {
      ports()
          .transactions()
          .run(() -> {
            store().claim(org, "key-r", bytes("a"), NOW, TOMORROW);
            throw new IllegalStateException("the use case failed");
          });
    } catch (IllegalStateException expected) {
      // nothing was applied, so nothing is remembered
    }

    assertThat(claimAndComplete(org, "key-r", "a", NOW, "done")).isEmpty();
  }

  @Test
  void an_expired_record_counts_as_absent_and_is_claimed_afresh() {
    OrganizationId org = newOrganization();
    claimAndComplete(org, "key-e", "old", NOW, "old response");
    Instant dayAfter = NOW.plus(Duration.ofHours(25));

    assertThat(claimAndComplete(org, "key-e", "new", dayAfter, "new response")).isEmpty();
    assertThat(claimAndComplete(org, "key-e", "x", dayAfter.plusSeconds(1), "x"))
        .hasValueSatisfying(
            stored -> assertThat(stored.response()).isEqualTo(bytes("new response")));
  }

  @Test
  void purging_removes_only_expired_records() {
    OrganizationId org = newOrganization();
    claimAndComplete(org, "old", "a", NOW.minus(Duration.ofDays(3)), "a");
    claimAndComplete(org, "fresh", "b", NOW, "b");

    assertThat(ports().transactions().inTransaction(() -> store().purgeExpired(NOW)))
        .isGreaterThanOrEqualTo(1);

    assertThat(claimAndComplete(org, "fresh", "b", NOW, "again")).isPresent();
    assertThat(claimAndComplete(org, "old", "a", NOW, "again")).isEmpty();
  }

  @Test
  void a_concurrent_claim_of_the_same_key_waits_for_the_first_then_replays_its_response()
      throws Exception {
    OrganizationId org = newOrganization();
    ExecutorService threads =
        Executors.newFixedThreadPool(2); // not the common pool: it may have one thread
    CountDownLatch firstClaimed = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CompletableFuture<Optional<StoredResponse>> first =
        CompletableFuture.supplyAsync(
            () ->
                ports()
                    .transactions()
                    .inTransaction(() -> {
                      Optional<StoredResponse> earlier =
                          store().claim(org, "key-c", bytes("req"), NOW, TOMORROW);
                      firstClaimed.countDown();
                      await(releaseFirst);
                      store().complete(org, "key-c", bytes("the first response"));
                      return earlier;
                    }),
            threads);
    assertThat(firstClaimed.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Optional<StoredResponse>> second =
        CompletableFuture.supplyAsync(
            () ->
                ports()
                    .transactions()
                    .inTransaction(() -> store().claim(org, "key-c", bytes("req"), NOW, TOMORROW)),
            threads);
    Thread.sleep(300);
    assertThat(second).as("the second claim waits while the first is in flight").isNotDone();

    releaseFirst.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(second.get(10, TimeUnit.SECONDS))
        .hasValueSatisfying(
            stored -> assertThat(stored.response()).isEqualTo(bytes("the first response")));
    threads.shutdown();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
