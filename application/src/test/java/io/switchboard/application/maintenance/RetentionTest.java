package io.switchboard.application.maintenance;

import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.setLabel;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.fakes.InMemorySecretCipher;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention: expired idempotency records and change events past their retention go; live ones stay.
 */
class RetentionTest {
  private static final Duration CHANGE_RETENTION = Duration.ofDays(90);
  private static final IdempotentExecutor.ResponseCodec<String> TEXT =
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

  private final UseCaseFixture app =
      UseCaseFixture.start(new InMemorySecretCipher(), CHANGE_RETENTION);

  @AfterEach
  void stop() {
    app.close();
  }

  private String once(
      io.switchboard.application.common.RequestContext ctx, String key, AtomicInteger runs) {
    return app.idempotency()
        .execute(
            ctx,
            Set.of(Scope.NUMBERS_WRITE),
            Optional.of(key),
            "op",
            key.getBytes(StandardCharsets.UTF_8),
            TEXT,
            () -> key + " run " + runs.incrementAndGet());
  }

  @Test
  void
      an_expired_idempotency_record_is_purged_and_its_key_runs_afresh_while_a_live_one_still_replays() {
    var ctx = app.tenant("acme").quickContext();
    var runs = new AtomicInteger();
    once(ctx, "old-key", runs);
    app.clock().advance(IdempotentExecutor.RETENTION.minusHours(1));
    once(ctx, "live-key", runs);
    app.clock().advance(Duration.ofHours(2)); // old-key is 25 hours old, live-key 2

    RetentionUseCase.Outcome outcome = app.retention().purge();

    assertThat(outcome.idempotencyRecords()).isEqualTo(1);
    assertThat(once(ctx, "live-key", runs)).as("replayed").isEqualTo("live-key run 2");
    // the replay's body ran and rolled back before the stored response answered (the record is
    // written at commit), so the count moved: the fresh run is the latest one
    assertThat(once(ctx, "old-key", runs)).as("run afresh").isEqualTo("old-key run " + runs.get());
    assertThat(runs.get()).isGreaterThan(2);
    assertThat(app.retention().purge().idempotencyRecords()).isZero();
  }

  @Test
  void
      change_events_past_retention_are_purged_and_a_watcher_from_a_purged_revision_is_out_of_range()
          throws Exception {
    var acme = app.tenant("acme");
    var writer = acme.quickContext();
    var number = acme.buy(usNumber());
    for (int i = 0; i < 5; i++) {
      setLabel(app, writer, ref(number), "old label " + i);
    }
    long lastOld = app.ports().changeFeed().latestRevision();
    app.clock().advance(CHANGE_RETENTION.plusDays(1));
    for (int i = 0; i < 3; i++) {
      setLabel(app, writer, ref(number), "new label " + i);
    }

    RetentionUseCase.Outcome outcome = app.retention().purge();

    assertThat(outcome.changeEvents()).isEqualTo((int) lastOld);
    assertThat(app.ports().changeFeed().oldestRevision()).isEqualTo(lastOld + 1);
    var watcher = acme.quickContext(Scope.NUMBERS_READ);
    assertThatThrownBy(() -> app.watchChanges().next(watcher, 0, 100, Duration.ZERO))
        .isInstanceOfSatisfying(
            OutOfRangeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.REVISION_PURGED);
              assertThat(e.metadata()).containsEntry("oldest_revision", Long.toString(lastOld + 1));
            });
    List<ChangeEvent> rest = app.watchChanges().next(watcher, lastOld, 100, Duration.ZERO);
    assertThat(rest).extracting(ChangeEvent::revision).startsWith(lastOld + 1).hasSize(3);
    assertThat(app.retention().purge().changeEvents()).isZero();
  }
}
