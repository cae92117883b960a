package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.application.port.IdempotencyStore.KeyTakenException;
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

  private void storeAt(
      OrganizationId org, String key, String fingerprint, Instant now, String response) {
    ports()
        .transactions()
        .run(() ->
            store()
                .store(
                    org,
                    key,
                    bytes(fingerprint),
                    bytes(response),
                    now,
                    now.plus(Duration.ofHours(24))));
  }

  private Optional<StoredResponse> find(OrganizationId org, String key, Instant now) {
    return ports().transactions().read(Optional.empty(), () -> store().find(org, key, now));
  }

  @Test
  void a_stored_response_is_found_with_its_fingerprint_and_a_second_store_of_the_key_fails() {
    OrganizationId org = newOrganization();
    assertThat(find(org, "key-1", NOW)).isEmpty();

    storeAt(org, "key-1", "request-a", NOW, "response-a");

    assertThat(find(org, "key-1", NOW.plusSeconds(5)))
        .hasValueSatisfying(stored -> {
          assertThat(stored.fingerprint()).isEqualTo(bytes("request-a"));
          assertThat(stored.response()).isEqualTo(bytes("response-a"));
        });
    assertThatThrownBy(() -> storeAt(org, "key-1", "request-b", NOW.plusSeconds(5), "response-b"))
        .isInstanceOf(KeyTakenException.class);
    assertThat(find(org, "key-1", NOW.plusSeconds(5)))
        .hasValueSatisfying(stored -> assertThat(stored.response()).isEqualTo(bytes("response-a")));
  }

  @Test
  void a_failed_store_commits_nothing_else_of_its_transaction() {
    OrganizationId org = newOrganization();
    storeAt(org, "key-t", "a", NOW, "first");

    assertThatThrownBy(() ->
            ports()
                .transactions()
                .run(() -> {
                  store().store(org, "other-key", bytes("b"), bytes("b"), NOW, TOMORROW);
                  store().store(org, "key-t", bytes("b"), bytes("second"), NOW, TOMORROW);
                }))
        .isInstanceOf(KeyTakenException.class);

    assertThat(find(org, "other-key", NOW)).as("rolled back with the failed store").isEmpty();
  }

  @Test
  void a_stored_response_comes_back_byte_for_byte_whatever_its_bytes_and_size() {
    OrganizationId org = newOrganization();
    byte[] response = new byte[64 * 1024]; // every byte value, over and over, as a large import's
    for (int i = 0; i < response.length; i++) {
      response[i] = (byte) (i * 7 + i / 256);
    }

    byte[] fingerprint = java.util.Arrays.copyOf(response, 300);
    ports()
        .transactions()
        .run(() -> store().store(org, "key-bytes", fingerprint, response, NOW, TOMORROW));
    Optional<StoredResponse> replay = find(org, "key-bytes", NOW.plusSeconds(1));

    assertThat(replay)
        .hasValueSatisfying(stored -> assertThat(stored.fingerprint()).isEqualTo(fingerprint));
    assertThat(replay)
        .hasValueSatisfying(stored -> assertThat(stored.response()).isEqualTo(response));
  }

  @Test
  void keys_are_per_organization() {
    OrganizationId first = newOrganization();
    OrganizationId second = newOrganization();
    storeAt(first, "shared-key", "a", NOW, "first");

    assertThat(find(second, "shared-key", NOW)).isEmpty();
    storeAt(second, "shared-key", "a", NOW, "second");
    assertThat(find(second, "shared-key", NOW))
        .hasValueSatisfying(stored -> assertThat(stored.response()).isEqualTo(bytes("second")));
  }

  @Test
  void a_store_rolled_back_with_its_transaction_leaves_the_key_free() {
    OrganizationId org = newOrganization();
    assertThatThrownBy(() ->
            ports()
                .transactions()
                .run(() -> {
                  store().store(org, "key-r", bytes("a"), bytes("a"), NOW, TOMORROW);
                  throw new IllegalStateException("the use case failed");
                }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(find(org, "key-r", NOW)).isEmpty();
    storeAt(org, "key-r", "a", NOW, "done");
    assertThat(find(org, "key-r", NOW)).isPresent();
  }

  @Test
  void an_expired_record_counts_as_absent_and_is_replaced() {
    OrganizationId org = newOrganization();
    storeAt(org, "key-e", "old", NOW, "old response");
    Instant dayAfter = NOW.plus(Duration.ofHours(25));

    assertThat(find(org, "key-e", dayAfter)).isEmpty();
    storeAt(org, "key-e", "new", dayAfter, "new response");
    assertThat(find(org, "key-e", dayAfter.plusSeconds(1)))
        .hasValueSatisfying(stored -> {
          assertThat(stored.fingerprint()).isEqualTo(bytes("new"));
          assertThat(stored.response()).isEqualTo(bytes("new response"));
        });
  }

  @Test
  void purging_removes_only_expired_records() {
    OrganizationId org = newOrganization();
    storeAt(org, "old", "a", NOW.minus(Duration.ofDays(3)), "a");
    storeAt(org, "fresh", "b", NOW, "b");

    assertThat(ports().transactions().inTransaction(() -> store().purgeExpired(NOW)))
        .isGreaterThanOrEqualTo(1);

    assertThat(find(org, "fresh", NOW)).isPresent();
    assertThat(find(org, "old", NOW.minus(Duration.ofDays(3)))).as("purged").isEmpty();
  }

  @Test
  void of_two_concurrent_stores_of_one_key_exactly_one_commits_and_the_other_fails()
      throws Exception {
    OrganizationId org = newOrganization();
    ExecutorService threads =
        Executors.newFixedThreadPool(2); // not the common pool: it may have one thread
    CountDownLatch firstStored = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () -> {
              ports()
                  .transactions()
                  .run(() -> {
                    store().store(org, "key-c", bytes("req"), bytes("first"), NOW, TOMORROW);
                    firstStored.countDown();
                    await(releaseFirst); // still open while the second stores the key
                  });
              return "first";
            },
            threads);
    assertThat(firstStored.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () -> {
              ports()
                  .transactions()
                  .run(() ->
                      store().store(org, "key-c", bytes("req"), bytes("second"), NOW, TOMORROW));
              return "second";
            },
            threads);
    Thread.sleep(300);
    releaseFirst.countDown();

    var outcomes = new java.util.ArrayList<String>();
    var failures = new java.util.ArrayList<Throwable>();
    for (CompletableFuture<String> transaction : java.util.List.of(first, second)) {
      try {
        outcomes.add(transaction.get(10, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    threads.shutdown();

    assertThat(outcomes).hasSize(1);
    assertThat(failures).singleElement().isInstanceOf(KeyTakenException.class);
    assertThat(find(org, "key-c", NOW))
        .as("the record is the committed one's")
        .hasValueSatisfying(
            stored -> assertThat(stored.response()).isEqualTo(bytes(outcomes.get(0))));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
