package io.switchboard.application.idempotency;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.keys.DerivedKey;
import io.switchboard.application.keys.KeyedMac;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Runs a mutation at most once per idempotency key (REST {@code Idempotency-Key}, gRPC {@code
 * request_id}). The mutation, its change event and the stored response commit in one transaction,
 * so a retry either finds the first response or runs the mutation as if for the first time. A
 * concurrent duplicate cannot commit beside the first: it waits, rolls back and gets the first's
 * response. The same key with a different request is refused.
 *
 * <p>The stored fingerprint is an HMAC under a key derived from the secret key, with that key's id:
 * a plain hash of the request would let anyone with a database dump test guesses of the secrets in
 * it (SIP passwords) offline.
 */
public final class IdempotentExecutor {
  public static final Duration RETENTION = Duration.ofHours(24);

  /** The purpose of the {@link ServerKeys} sub-key that makes fingerprints. */
  public static final String FINGERPRINT_KEY_PURPOSE = "idempotency-fingerprint";

  public static final int MAX_KEY_LENGTH = 255;
  private static final int LEGACY_FINGERPRINT_BYTES = 32;

  private final IdempotencyStore store;
  private final Transactions tx;
  private final Clock clock;
  private final DerivedKey fingerprintKey;
  private final Duration ttl;
  private final Optional<ChangeFeed> feed;
  private final LongConsumer catchUpTo;

  private final LongAdder replays = new LongAdder();

  /**
   * @param ttl how long a stored response answers retries ({@link #RETENTION} unless configured)
   */
  public IdempotentExecutor(
      IdempotencyStore store, Transactions tx, Clock clock, ServerKeys keys, Duration ttl) {
    this(store, tx, clock, keys, ttl, null, revision -> {});
  }

  /**
   * @param ttl how long a stored response answers retries ({@link #RETENTION} unless configured)
   * @param feed gives a replayed response a consistency token: the revision of the first run is not
   *     stored, so a replay carries the feed's latest revision, which is at least as new (null:
   *     replays carry none)
   * @param catchUpTo brings this replica's caches up to a replay's token before the replay answers,
   *     as the first run did on its replica (read-your-writes holds for a replay too, whichever
   *     replica ran the first)
   */
  public IdempotentExecutor(
      IdempotencyStore store,
      Transactions tx,
      Clock clock,
      ServerKeys keys,
      Duration ttl,
      ChangeFeed feed,
      LongConsumer catchUpTo) {
    this.store = store;
    this.tx = tx;
    this.clock = clock;
    this.fingerprintKey = keys.derive(FINGERPRINT_KEY_PURPOSE);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the idempotency TTL must be positive");
    }
    this.ttl = ttl;
    this.feed = Optional.ofNullable(feed);
    this.catchUpTo = catchUpTo;
  }

  /** How a transport turns its response into bytes to store, and back when replaying. */
  public interface ResponseCodec<R> {
    byte[] encode(R response);

    R decode(byte[] stored);
  }

  /**
   * @param requiredScopes every scope the mutation needs, checked before the key is looked up: a
   *     replay hands out the first caller's response, so a key without the scope must not get it by
   *     resending another key's idempotency key
   * @param operation the name of the operation, part of the fingerprint (a key reused on another
   *     operation is a reuse)
   * @param request a canonical rendering of the request (the adapter's parsed form, not raw bytes
   *     where whitespace could differ)
   */
  public <R> R execute(
      RequestContext ctx,
      Set<Scope> requiredScopes,
      Optional<String> key,
      String operation,
      byte[] request,
      ResponseCodec<R> codec,
      Supplier<R> mutation) {
    if (requiredScopes.isEmpty()) {
      throw new IllegalArgumentException("a mutation needs at least one scope");
    }
    requiredScopes.forEach(ctx::require);
    if (key.isEmpty()) {
      return tx.inTransaction(ctx.deadline(), mutation);
    }
    String k = requireValidKey(key.get());
    byte[] canonical = canonical(operation, request);
    byte[] fingerprint = fingerprintKey.sign(canonical).toBytes();
    // The mutation runs first and its response is stored with its commit, in the same round trip:
    // no claim before it. A retry of a committed request, or a duplicate racing the first, fails
    // (on the stored key, or earlier on what the first changed), rolls back, and is then answered
    // from the record.
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.inTransaction(
            ctx.deadline(),
            () -> {
              R response = mutation.get();
              Instant now = clock.instant();
              store.store(
                  ctx.organizationId(), k, fingerprint, codec.encode(response), now, now.plus(ttl));
              return response;
            });
      } catch (RuntimeException failure) {
        Optional<IdempotencyStore.StoredResponse> stored = earlierRecord(ctx, k, failure);
        if (stored.isPresent()) {
          return replay(ctx, stored.get(), canonical, codec);
        }
        if (!(failure instanceof IdempotencyStore.KeyTakenException) || attempt > 1) {
          throw failure;
        }
        // the record that took the key expired or was purged since: run as if for the first time
      }
    }
  }

  /**
   * The record of a request that used the key before this one failed; the failure itself when the
   * record cannot be read either (the database is away).
   */
  private Optional<IdempotencyStore.StoredResponse> earlierRecord(
      RequestContext ctx, String key, RuntimeException failure) {
    try {
      return tx.read(
          Optional.empty(), () -> store.find(ctx.organizationId(), key, clock.instant()));
    } catch (RuntimeException lookupFailure) {
      failure.addSuppressed(lookupFailure);
      throw failure;
    }
  }

  private <R> R replay(
      RequestContext ctx,
      IdempotencyStore.StoredResponse stored,
      byte[] canonical,
      ResponseCodec<R> codec) {
    if (!sameRequest(stored.fingerprint(), canonical)) {
      throw InvalidArgumentException.withReason(
          Reason.IDEMPOTENCY_KEY_REUSED,
          "idempotency_key",
          "was already used with a different request");
    }
    R response = codec.decode(stored.response());
    replays.increment();
    if (feed.isPresent()) {
      long replayedAt = tx.read(Optional.empty(), () -> feed.get().latestRevision());
      if (replayedAt > 0) {
        catchUpTo.accept(replayedAt);
        ctx.written().observe(replayedAt);
      }
    }
    return response;
  }

  /** Responses replayed for a repeated idempotency key so far (for metrics). */
  public long replays() {
    return replays.sum();
  }

  public static String requireValidKey(String key) {
    if (key.isEmpty()
        || key.length() > MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c >= 33 && c < 127)) {
      throw InvalidArgumentException.of(
          "idempotency_key", "must be 1.." + MAX_KEY_LENGTH + " printable ASCII characters");
    }
    return key;
  }

  /**
   * Whether a stored fingerprint is this request's: checked under the key it names (current or
   * previous, so replicas mid-rotation agree), or, for a record written before fingerprints were
   * keyed, as the plain SHA-256 it was then.
   */
  private boolean sameRequest(byte[] stored, byte[] canonical) {
    if (stored.length == LEGACY_FINGERPRINT_BYTES) {
      // a keyed fingerprint is never 32 bytes (key id, separator, 32-byte MAC)
      return MessageDigest.isEqual(stored, legacySha256(canonical));
    }
    Optional<KeyedMac> keyed = KeyedMac.fromBytes(stored);
    return keyed.isPresent() && fingerprintKey.verify(keyed.get(), canonical);
  }

  private static byte[] canonical(String operation, byte[] request) {
    byte[] name = operation.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(name, name.length + 1 + request.length);
    System.arraycopy(request, 0, out, name.length + 1, request.length);
    return out;
  }

  private static byte[] legacySha256(byte[] canonical) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(canonical);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
