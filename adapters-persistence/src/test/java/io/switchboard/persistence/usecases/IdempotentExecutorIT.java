package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.count;
import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.refused;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IdempotentExecutor around a real mutation (a label change whose value counts the runs, so a
 * second run that committed would show): replays, key reuse, concurrent duplicates, rollback. The
 * response is stored with the mutation's commit, so a retry's body may run and roll back before the
 * stored response answers it (as a body already may when a transaction is retried): what these
 * tests hold is that nothing of a second run commits.
 */
class IdempotentExecutorIT {
  static TestApplication app;

  static final IdempotentExecutor.ResponseCodec<String> TEXT =
      new IdempotentExecutor.ResponseCodec<>() {
        @Override
        public byte[] encode(String response) {
          return response.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] stored) {
          return new String(stored, StandardCharsets.UTF_8);
        }
      };

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
  }

  private static String relabel(
      RequestContext ctx,
      Optional<String> key,
      PhoneNumberRef ref,
      String request,
      AtomicInteger runs) {
    return app.useCases()
        .idempotency()
        .execute(
            ctx,
            Set.of(Scope.NUMBERS_WRITE),
            key,
            "relabel",
            request.getBytes(StandardCharsets.UTF_8),
            TEXT,
            () -> {
              var view =
                  UseCaseSupport.setLabel(
                      app, ctx, ref, request + " run " + runs.incrementAndGet());
              return view.number().routing().label().orElseThrow().value()
                  + " v"
                  + view.number().version();
            });
  }

  private static long version(RequestContext ctx, PhoneNumberRef ref) {
    return app.useCases().getPhoneNumber().get(ctx, ref).number().version();
  }

  private static String label(RequestContext ctx, PhoneNumberRef ref) {
    return app.useCases()
        .getPhoneNumber()
        .get(ctx, ref)
        .number()
        .routing()
        .label()
        .orElseThrow()
        .value();
  }

  @Test
  void a_retry_with_the_same_key_replays_the_first_response_and_changes_nothing() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    var ref = ref(acme.buy(usNumber()));
    var runs = new AtomicInteger();

    String first = relabel(ctx, Optional.of("key-1"), ref, "Hello", runs);
    String replay = relabel(ctx, Optional.of("key-1"), ref, "Hello", runs);

    assertThat(first).isEqualTo("Hello run 1 v2");
    assertThat(replay).isEqualTo(first);
    assertThat(version(ctx, ref)).isEqualTo(2);

    // without a key every call runs
    relabel(ctx, Optional.empty(), ref, "Hello", runs);
    assertThat(version(ctx, ref)).isEqualTo(3);
  }

  @Test
  void the_stored_fingerprint_is_keyed_and_a_record_from_before_keyed_fingerprints_still_replays()
      throws Exception {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    var ref = ref(acme.buy(usNumber()));
    var runs = new AtomicInteger();
    relabel(ctx, Optional.of("keyed-fingerprint"), ref, "Secret-ish body", runs);
    byte[] stored =
        UseCaseSupport.query(
                app,
                "select fingerprint from idempotency_records where key = ?",
                rs -> rs.getBytes(1),
                "keyed-fingerprint")
            .get(0);
    byte[] plain =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("relabel\0Secret-ish body".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(stored, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("test\0");
    assertThat(stored).isNotEqualTo(plain);

    // a record an earlier version wrote: the plain SHA-256 of the same canonical request
    try (var c = app.database().openConnection();
        var update =
            c.prepareStatement("update idempotency_records set fingerprint = ? where key = ?")) {
      update.setBytes(1, plain);
      update.setString(2, "keyed-fingerprint");
      update.executeUpdate();
    }
    String replay = relabel(ctx, Optional.of("keyed-fingerprint"), ref, "Secret-ish body", runs);
    assertThat(replay).isEqualTo("Secret-ish body run 1 v2");
    refused(
        InvalidArgumentException.class,
        Reason.IDEMPOTENCY_KEY_REUSED,
        () -> relabel(ctx, Optional.of("keyed-fingerprint"), ref, "Another body", runs));
    assertThat(version(ctx, ref)).isEqualTo(2);
  }

  @Test
  void the_same_key_with_another_request_is_refused_and_changes_nothing() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    var ref = ref(acme.buy(usNumber()));
    var runs = new AtomicInteger();
    relabel(ctx, Optional.of("key-2"), ref, "Original", runs);

    refused(
        InvalidArgumentException.class,
        Reason.IDEMPOTENCY_KEY_REUSED,
        () -> relabel(ctx, Optional.of("key-2"), ref, "Different", runs));
    refused(
        InvalidArgumentException.class,
        Reason.IDEMPOTENCY_KEY_REUSED,
        () ->
            app.useCases()
                .idempotency()
                .execute(
                    ctx,
                    Set.of(Scope.NUMBERS_WRITE),
                    Optional.of("key-2"),
                    "another operation",
                    "Original".getBytes(StandardCharsets.UTF_8),
                    TEXT,
                    () -> "never"));
    assertThat(version(ctx, ref)).isEqualTo(2);
    assertThat(label(ctx, ref)).isEqualTo("Original run 1");
  }

  @Test
  void keys_belong_to_one_organization() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    var acmeRef = ref(acme.buy(usNumber()));
    var otherRef = ref(other.buy(usNumber()));
    var runs = new AtomicInteger();
    relabel(acme.quickContext(), Optional.of("shared-key"), acmeRef, "Same", runs);
    String second =
        relabel(other.quickContext(), Optional.of("shared-key"), otherRef, "Same", runs);
    assertThat(second).as("ran, not replayed").isEqualTo("Same run 2 v2");
    assertThat(version(other.quickContext(), otherRef)).isEqualTo(2);
  }

  @Test
  void concurrent_duplicates_commit_the_mutation_once_and_all_get_its_response() throws Exception {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    var ref = ref(acme.buy(usNumber()));
    var runs = new AtomicInteger();
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      var go = new CountDownLatch(1);
      var futures = new ArrayList<Future<String>>();
      for (int i = 0; i < callers; i++) {
        futures.add(
            pool.submit(() -> {
              go.await();
              return relabel(ctx, Optional.of("dup-key"), ref, "Once", runs);
            }));
      }
      go.countDown();
      var responses = new ArrayList<String>();
      for (Future<String> f : futures) {
        responses.add(f.get(30, TimeUnit.SECONDS));
      }
      // whichever duplicate committed first answers all: one label, one version
      assertThat(responses).hasSize(callers).containsOnly(responses.get(0));
      assertThat(responses.get(0)).matches("Once run [1-8] v2");
      assertThat(label(ctx, ref) + " v2").isEqualTo(responses.get(0));
    } finally {
      pool.shutdownNow();
    }
    assertThat(version(ctx, ref)).isEqualTo(2);
    assertThat(
            count(
                app,
                "select count(*) from idempotency_records where organization_id = ? and key = 'dup-key'",
                acme.id().value()))
        .isOne();
  }

  @Test
  void a_refused_mutation_leaves_the_key_free_for_a_corrected_retry() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    var missing = PhoneNumberRef.of(io.switchboard.domain.number.E164.parse(usNumber()));
    var runs = new AtomicInteger();
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> relabel(ctx, Optional.of("retry-key"), missing, "Fixed", runs));
    assertThat(
            count(
                app,
                "select count(*) from idempotency_records where organization_id = ? and key = 'retry-key'",
                acme.id().value()))
        .isZero();

    var ref = ref(acme.buy(usNumber()));
    assertThat(relabel(ctx, Optional.of("retry-key"), ref, "Fixed", runs)).startsWith("Fixed run");
  }

  @Test
  void a_malformed_key_is_refused() {
    var ctx = app.tenant("acme").quickContext();
    for (String key : List.of("", "with space", "x".repeat(256))) {
      refused(
          InvalidArgumentException.class,
          Reason.INVALID_ARGUMENT,
          () ->
              app.useCases()
                  .idempotency()
                  .execute(
                      ctx,
                      Set.of(Scope.NUMBERS_WRITE),
                      Optional.of(key),
                      "op",
                      new byte[0],
                      TEXT,
                      () -> "ran"));
    }
  }
}
