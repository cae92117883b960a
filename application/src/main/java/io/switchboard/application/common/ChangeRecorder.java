package io.switchboard.application.common;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Appends the change event of a mutation, labelled with who made it, through which door, under
 * which request.
 */
public final class ChangeRecorder {
  private final ChangeFeed feed;
  private final Clock clock;

  public ChangeRecorder(ChangeFeed feed, Clock clock) {
    this.feed = feed;
    this.clock = clock;
  }

  public void record(
      RequestContext ctx,
      ResourceType type,
      String resourceId,
      Optional<String> number,
      ChangeAction action,
      List<FieldChange> changes) {
    feed.append(entry(ctx, type, resourceId, number, action, changes));
  }

  /** The event {@link #record} would append, for a repository that writes it with its mutation. */
  public ChangeFeed.Entry entry(
      RequestContext ctx,
      ResourceType type,
      String resourceId,
      Optional<String> number,
      ChangeAction action,
      List<FieldChange> changes) {
    return new ChangeFeed.Entry(
        new ChangeEvent(
            0,
            ctx.organizationId(),
            type,
            resourceId,
            number,
            action,
            changes,
            Optional.of(ctx.principal().keyId().toString()),
            Optional.of(ctx.requestId()),
            ctx.sourceApi(),
            clock.instant()),
        ctx.written()::observe);
  }
}
