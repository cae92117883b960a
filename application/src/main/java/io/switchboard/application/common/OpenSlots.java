package io.switchboard.application.common;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many long-lived things (streams, exports) each key holds open at once, refusing one more
 * beyond the limit, so that one caller cannot take every connection or thread of a replica.
 */
public final class OpenSlots<K> {
  /** One open thing; closing it (once, however often it is called) frees its slot. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  private final int limit;
  private final ConcurrentHashMap<K, Integer> open = new ConcurrentHashMap<>();

  public OpenSlots(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1, was " + limit);
    }
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** A slot for the key, or empty when the key holds its limit already. */
  public Optional<Slot> take(K key) {
    boolean[] granted = {false};
    open.compute(
        key,
        (k, count) -> {
          int held = count == null ? 0 : count;
          if (held >= limit) {
            return count;
          }
          granted[0] = true;
          return held + 1;
        });
    if (!granted[0]) {
      return Optional.empty();
    }
    AtomicBoolean closed = new AtomicBoolean();
    return Optional.of(() -> {
      if (closed.compareAndSet(false, true)) {
        open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
      }
    });
  }
}
