package io.switchboard.application.idempotency;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.InvalidArgumentException;
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

  public IdempotentExecutor(IdempotencyStore store, Transactions tx, Clock clock) {
    this.store = store;
    this.tx = tx;
    this.clock = clock;
  }

  /** How a transport turns its response into bytes to store, and back when replaying. */
  public interface ResponseCodec<R> {
    byte[] encode(R response);

    R decode(byte[] stored);
  }

  /**
   * @param requiredScopes every scope the mutation needs, checked before the key is looked up: a replay hands out the
   *     first caller's response, so a key without the scope must not get it by resending another key's idempotency key
   * @param operation the name of the operation, part of the fingerprint (a key reused on another operation is a reuse)
   * @param request a canonical rendering of the request (the adapter's parsed form, not raw bytes where whitespace
   *     could differ)
   */
  public <R> R execute(RequestContext ctx, Set<Scope> requiredScopes, Optional<String> key, String operation,
      byte[] request, ResponseCodec<R> codec, Supplier<R> mutation) {
    if (requiredScopes.isEmpty()) {
      throw new IllegalArgumentException("a mutation needs at least one scope");
    }
    requiredScopes.forEach(ctx::require);
    if (key.isEmpty()) {
      return tx.inTransaction(ctx.deadline(), mutation);
    }
    String k = requireValidKey(key.get());
    byte[] fingerprint = fingerprint(operation, request);
    return tx.inTransaction(ctx.deadline(), () -> {
      Instant now = clock.instant();
      Optional<IdempotencyStore.StoredResponse> stored =
          store.claim(ctx.organizationId(), k, fingerprint, now, now.plus(RETENTION));
      if (stored.isPresent()) {
        if (!Arrays.equals(stored.get().fingerprint(), fingerprint)) {
          throw InvalidArgumentException.withReason(IDEMPOTENCY_KEY_REUSED, "idempotency_key",
              "was already used with a different request");
        }
        return codec.decode(stored.get().response());
      }
      R response = mutation.get();
      store.complete(ctx.organizationId(), k, codec.encode(response));
      return response;
    });
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
