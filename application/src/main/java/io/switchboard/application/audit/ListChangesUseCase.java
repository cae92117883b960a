package io.switchboard.application.audit;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.ChangeEvent;

/**
 * The caller's organization's audit log: who changed what, when, through which door, with the
 * field-level before and after of each change. Newest first, keyset paged: {@link Page#next()} is
 * the revision the next page continues below.
 */
public interface ListChangesUseCase {
  Page<ChangeEvent, Long> list(RequestContext ctx, ListChangesQuery query);
}
