package io.switchboard.application.number;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import java.util.List;
import java.util.Optional;

/** The history of a held number since the organization got it, newest first. */
public final class ListPhoneNumberChangesService implements ListPhoneNumberChangesUseCase {
  private final ChangeFeed feed;
  private final UseCaseSteps steps;
  private final NumberViews views;

  public ListPhoneNumberChangesService(ChangeFeed feed, UseCaseSteps steps, NumberViews views) {
    this.feed = feed;
    this.steps = steps;
    this.views = views;
  }

  @Override
  public List<ChangeEvent> changes(
      RequestContext ctx, PhoneNumberRef ref, int pageSize, Optional<Long> beforeRevision) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () -> {
          PhoneNumber number = views.findHeld(ctx.organizationId(), ref);
          return feed.history(
              ctx.organizationId(),
              new ChangeQuery(
                  new ChangeQuery.Number(number.number().value(), number.createdAt()),
                  pageSize,
                  beforeRevision));
        });
  }
}
