package io.switchboard.application.audit;

import io.switchboard.application.common.OpenSlots;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.OrganizationId;
import java.io.OutputStream;

/**
 * Streams the change feed's scan into a writer of the requested format. The scan runs in a
 * transaction rather than as an autocommit read: PostgreSQL's driver fetches a result a batch at a
 * time only inside one, and reads all of it into memory otherwise. A read-only scan at READ
 * COMMITTED meets no serialization failure, so the transaction is never retried once bytes have
 * gone out.
 *
 * <p>An export holds a pooled connection for as long as its client takes to download it, so an
 * organization runs a few at once at most: more would let one slow client take the pool that every
 * other call needs.
 */
public final class ExportChangesService implements ExportChangesUseCase {
  public static final int DEFAULT_EXPORTS_PER_ORGANIZATION = 2;

  private final ChangeFeed feed;
  private final UseCaseSteps steps;
  private final OpenSlots<OrganizationId> running;

  public ExportChangesService(ChangeFeed feed, UseCaseSteps steps, int exportsPerOrganization) {
    this.feed = feed;
    this.steps = steps;
    this.running = new OpenSlots<>(exportsPerOrganization);
  }

  @Override
  public void export(RequestContext ctx, ExportChangesCommand command, OutputStream out) {
    ctx.require(ListChangesService.SCOPE); // before a slot is taken
    try (OpenSlots.Slot slot =
        running
            .take(ctx.organizationId())
            .orElseThrow(() -> ResourceExhaustedException.tooManyExports(running.limit()))) {
      steps.inTransaction(
          ctx,
          ListChangesService.SCOPE,
          () -> {
            ChangeWriter writer = command.format().open(out);
            feed.scan(ctx.organizationId(), command.filter(), writer::write);
            // only a complete export is flushed whole: after a failure the adapter must be able to
            // tell the client, which it can while nothing has gone out
            writer.close();
            return null;
          });
    }
  }
}
