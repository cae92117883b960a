package io.switchboard.application.audit;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ChangeFeed;
import java.io.OutputStream;

/**
 * Streams the change feed's scan into a writer of the requested format. The scan runs in a
 * transaction rather than as an autocommit read: PostgreSQL's driver fetches a result a batch at a
 * time only inside one, and reads all of it into memory otherwise. A read-only scan at READ
 * COMMITTED meets no serialization failure, so the transaction is never retried once bytes have
 * gone out.
 */
public final class ExportChangesService implements ExportChangesUseCase {
  private final ChangeFeed feed;
  private final UseCaseSteps steps;

  public ExportChangesService(ChangeFeed feed, UseCaseSteps steps) {
    this.feed = feed;
    this.steps = steps;
  }

  @Override
  public void export(RequestContext ctx, ExportChangesCommand command, OutputStream out) {
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
