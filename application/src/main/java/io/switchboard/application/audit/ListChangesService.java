package io.switchboard.application.audit;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.org.Scope;
import java.util.List;
import java.util.Optional;

/**
 * Audit pages over the change feed, only ever of the caller's organization. Reading one event past
 * the page tells whether another page follows, so the last page never hands out a token to an empty
 * one.
 */
public final class ListChangesService implements ListChangesUseCase {
  /** Reading the audit log needs the read scope of the resources it describes. */
  static final Scope SCOPE = Scope.NUMBERS_READ;

  private final ChangeFeed feed;
  private final UseCaseSteps steps;

  public ListChangesService(ChangeFeed feed, UseCaseSteps steps) {
    this.feed = feed;
    this.steps = steps;
  }

  @Override
  public Page<ChangeEvent, Long> list(RequestContext ctx, ListChangesQuery query) {
    List<ChangeEvent> found =
        steps.read(
            ctx,
            SCOPE,
            () ->
                feed.search(
                    ctx.organizationId(),
                    query.filter(),
                    query.beforeRevision(),
                    query.pageSize() + 1));
    if (found.size() <= query.pageSize()) {
      return new Page<>(found, Optional.empty(), Optional.empty());
    }
    List<ChangeEvent> page = found.subList(0, query.pageSize());
    return new Page<>(page, Optional.of(page.getLast().revision()), Optional.empty());
  }
}
