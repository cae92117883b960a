package io.switchboard.application.idempotency;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Runs a mutation at most once per idempotency key (REST {@code Idempotency-Key}, gRPC {@code request_id}). The
 * claim of the key, the mutation, its change event and the stored response commit in one transaction, so a retry
 * either finds the first response or runs the mutation as if for the first time. A concurrent duplicate waits for
 * the first to finish and gets its response. The same key with a different request is refused.
 */
public final class IdempotentExecutor {
  public static final Duration RETENTION = Duration.ofHours(24);
  public static final int MAX_KEY_LENGTH = 255;
  public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";

  private final IdempotencyStore store;
  private final Transactions tx;
  private final Clock clock;
  private final Optional<ChangeFeed> feed;
  private final LongConsumer catchUpTo;

  private final LongAdder replays = new LongAdder();

  public IdempotentExecutor(IdempotencyStore store, Transactions tx, Clock clock) {
    this(store, tx, clock, null, revision -> {});
  }

  /**
   * @param feed gives a replayed response a consistency token: the revision of the first run is not stored, so a
   *     replay carries the feed's latest revision, which is at least as new (null: replays carry none)
   * @param catchUpTo brings this replica's caches up to a replay's token before the replay answers, as the first run
   *     did on its replica (read-your-writes holds for a replay too, whichever replica ran the first)
   */
  public IdempotentExecutor(IdempotencyStore store, Transactions tx, Clock clock, ChangeFeed feed,
      LongConsumer catchUpTo) {
    this.store = store;
    this.tx = tx;
    this.clock = clock;
    this.feed = Optional.ofNullable(feed);
    this.catchUpTo = catchUpTo;
  }

  /** How a transport turns its response into bytes to store, and back when replaying. */
  public interface ResponseCodec<R> {
    byte[] encode(R response);

    R decode(byte[] stored);
  }

  /**
   * @param operation the name of the operation, part of the fingerprint (a key reused on another operation is a reuse)
   * @param request a canonical rendering of the request (the adapter's parsed form, not raw bytes where whitespace
   *     could differ)
   */
  public <R> R execute(RequestContext ctx, Optional<String> key, String operation, byte[] request, ResponseCodec<R> codec,
      Supplier<R> mutation) {
    if (key.isEmpty()) {
      return tx.inTransaction(ctx.deadline(), mutation);
    }
    String k = requireValidKey(key.get());
    byte[] fingerprint = fingerprint(operation, request);
    // set inside the transaction, counted once it has committed (a retried transaction may decide again)
    boolean[] replayed = new boolean[1];
    long[] replayedAt = {0};
    R result = tx.inTransaction(ctx.deadline(), () -> {
      replayed[0] = false;
      replayedAt[0] = 0; // a retried attempt starts over
      Instant now = clock.instant();
      Optional<IdempotencyStore.StoredResponse> stored =
          store.claim(ctx.organizationId(), k, fingerprint, now, now.plus(RETENTION));
      if (stored.isPresent()) {
        if (!Arrays.equals(stored.get().fingerprint(), fingerprint)) {
          throw InvalidArgumentException.withReason(IDEMPOTENCY_KEY_REUSED, "idempotency_key",
              "was already used with a different request");
        }
        replayed[0] = true;
        feed.ifPresent(f -> replayedAt[0] = f.latestRevision());
        return codec.decode(stored.get().response());
      }
      R response = mutation.get();
      store.complete(ctx.organizationId(), k, codec.encode(response));
      return response;
    });
    if (replayed[0]) {
      replays.increment();
    }
    if (replayedAt[0] > 0) {
      catchUpTo.accept(replayedAt[0]);
      ctx.written().observe(replayedAt[0]);
    }
    return result;
  }

  /** Responses replayed for a repeated idempotency key so far (for metrics). */
  public long replays() {
    return replays.sum();
  }

  public static String requireValidKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 33 && c < 127)) {
      throw InvalidArgumentException.of("idempotency_key", "must be 1.." + MAX_KEY_LENGTH + " printable ASCII characters");
    }
    return key;
  }

  static byte[] fingerprint(String operation, byte[] request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(operation.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(request);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
