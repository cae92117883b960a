package io.switchboard.application.common;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The steps every use case takes, in one place: the scope check, one transaction bounded by the
 * caller's deadline (it becomes the statement timeout), and the change event of a mutation. A use
 * case says which scope it needs and hands its work over as a lambda; the order (scope first,
 * before anything touches the database) is the same for all of them. Idempotency wraps a whole
 * mutation from the adapter side ({@code IdempotentExecutor}), because the stored response is the
 * adapter's encoding.
 */
public final class UseCaseSteps {
  private final Transactions tx;
  private final ChangeRecorder recorder;

  public UseCaseSteps(Transactions tx, ChangeFeed feed, Clock clock) {
    this.tx = tx;
    this.recorder = new ChangeRecorder(feed, clock);
  }

  /** Reads that need no snapshot across statements (see {@link Transactions#read}). */
  public <T> T read(RequestContext ctx, Scope scope, Supplier<T> work) {
    ctx.require(scope);
    return tx.read(ctx.deadline(), work);
  }

  /** Work in one transaction: reads that must agree with each other, and every mutation. */
  public <T> T inTransaction(RequestContext ctx, Scope scope, Supplier<T> work) {
    ctx.require(scope);
    return tx.inTransaction(ctx.deadline(), work);
  }

  /** Same, for work that needs every one of several scopes. */
  public <T> T inTransaction(RequestContext ctx, Set<Scope> scopes, Supplier<T> work) {
    scopes.forEach(ctx::require);
    return tx.inTransaction(ctx.deadline(), work);
  }

  /**
   * Appends the change event of a mutation, inside the running transaction, labelled with who made
   * it.
   */
  public void record(
      RequestContext ctx,
      ResourceType type,
      String resourceId,
      Optional<String> number,
      ChangeAction action,
      List<FieldChange> changes) {
    recorder.record(ctx, type, resourceId, number, action, changes);
  }

  /**
   * The change event {@link #record} would append, for a repository that writes it together with
   * the mutation it describes (one statement: the event exists exactly when the mutation does).
   */
  public ChangeFeed.Entry change(
      RequestContext ctx,
      ResourceType type,
      String resourceId,
      Optional<String> number,
      ChangeAction action,
      List<FieldChange> changes) {
    return recorder.entry(ctx, type, resourceId, number, action, changes);
  }
}
