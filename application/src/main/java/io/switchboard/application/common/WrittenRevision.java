package io.switchboard.application.common;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consistency token of one request: the highest change-feed revision its writes committed.
 * Adapters return it (gRPC {@code x-switchboard-revision}, REST {@code X-Switchboard-Revision}) so
 * that a caller can ask any replica for routes at least that fresh ({@code min_revision}), as
 * Zanzibar's zookies do. Shared by the copies of one request's {@link RequestContext}; safe to use
 * from any thread.
 */
public final class WrittenRevision {
  private final AtomicLong highest = new AtomicLong();

  /** Records a revision this request's writes produced (or, for a replay, one at least as new). */
  public void observe(long revision) {
    if (revision > 0) {
      highest.accumulateAndGet(revision, Math::max);
    }
  }

  /** The highest revision observed; empty when the request changed nothing. */
  public OptionalLong value() {
    long value = highest.get();
    return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
  }

  @Override
  public String toString() {
    return "WrittenRevision[" + highest.get() + "]";
  }
}
