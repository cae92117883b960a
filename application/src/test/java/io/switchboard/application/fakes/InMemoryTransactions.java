package io.switchboard.application.fakes;

import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Transactions over in-memory {@link Table}s. One transaction runs at a time (a fair lock stands in
 * for the database's row locks: whoever would wait for a lock waits here), so each transaction is
 * serializable. A transaction works on copies of the tables it writes; the copies replace the
 * committed state only when the work returns, so a failing use case leaves nothing behind. A call
 * outside a transaction runs as a transaction of its own (autocommit).
 */
public final class InMemoryTransactions implements Transactions {
  private final ReentrantLock lock = new ReentrantLock(true);
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private final Clock clock;

  public InMemoryTransactions(Clock clock) {
    this.clock = clock;
  }

  @Override
  public <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work) {
    if (current.get() != null) {
      return work.get(); // join: the outer transaction commits or rolls back everything
    }
    if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
      throw new UnavailableException(
          Reason.DEADLINE_EXCEEDED, "the deadline passed before the database finished");
    }
    Tx tx = new Tx();
    T result;
    lock.lock();
    try {
      current.set(tx);
      result = work.get();
      for (int i = 0; i < tx.beforeCommit.size(); i++) { // a hook may add another
        tx.beforeCommit.get(i).run();
      }
      tx.publish();
    } finally {
      current.remove();
      lock.unlock();
    }
    tx.afterCommit.forEach(Runnable::run);
    tx.afterCommitOnce.values().forEach(Runnable::run);
    return result;
  }

  /**
   * Runs {@code hook} just before the current transaction commits (still inside it); outside one,
   * runs it now.
   */
  void beforeCommit(Runnable hook) {
    Tx tx = current.get();
    if (tx == null) {
      inTransaction(
          Optional.empty(),
          () -> {
            beforeCommit(hook);
            return null;
          });
    } else {
      tx.beforeCommit.add(hook);
    }
  }

  /**
   * Runs {@code hook} once the current transaction has committed, on the same thread, before its
   * caller resumes.
   */
  void afterCommit(Runnable hook) {
    Tx tx = current.get();
    if (tx == null) {
      hook.run();
    } else {
      tx.afterCommit.add(hook);
    }
  }

  /** Like {@link #afterCommit}, once per transaction and {@code key}, after the other hooks. */
  void afterCommitOnce(Object key, Runnable hook) {
    Tx tx = current.get();
    if (tx == null) {
      hook.run();
    } else {
      tx.afterCommitOnce.putIfAbsent(key, hook);
    }
  }

  /** The state of one table, as this transaction sees it. */
  public final class Table<S> {
    private final UnaryOperator<S> copy;
    private volatile S committed;

    Table(S initial, UnaryOperator<S> copy) {
      this.committed = initial;
      this.copy = copy;
    }

    /** Reads: this transaction's copy when it wrote the table, the committed state otherwise. */
    public <R> R read(java.util.function.Function<S, R> reading) {
      return inTransaction(Optional.empty(), () -> reading.apply(current.get().view(this)));
    }

    /** Writes to this transaction's copy of the table. */
    public <R> R write(java.util.function.Function<S, R> writing) {
      return inTransaction(Optional.empty(), () -> writing.apply(current.get().copyOf(this)));
    }
  }

  public <S> Table<S> table(S initial, UnaryOperator<S> copy) {
    return new Table<>(initial, copy);
  }

  private static final class Tx {
    private final Map<Table<?>, Object> copies = new IdentityHashMap<>();
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final Map<Object, Runnable> afterCommitOnce = new java.util.LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    <S> S view(Table<S> table) {
      Object copy = copies.get(table);
      return copy != null ? (S) copy : table.committed;
    }

    @SuppressWarnings("unchecked")
    <S> S copyOf(Table<S> table) {
      return (S) copies.computeIfAbsent(table, t -> table.copy.apply(table.committed));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void publish() {
      copies.forEach((table, copy) -> ((Table) table).committed = copy);
    }
  }
}
