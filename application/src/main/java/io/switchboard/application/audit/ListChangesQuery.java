package io.switchboard.application.audit;

import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.domain.common.Violations;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the audit log: the events that match {@code filter}, newest first, {@code pageSize}
 * of them at most, older than {@code beforeRevision} when given (the position the previous page
 * handed out).
 */
public record ListChangesQuery(ChangeFilter filter, int pageSize, Optional<Long> beforeRevision) {
  public static final int MAX_PAGE_SIZE = 1000;

  public ListChangesQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(beforeRevision, "beforeRevision");
    var violations = new Violations();
    violations.check(
        pageSize >= 1 && pageSize <= MAX_PAGE_SIZE,
        "page_size",
        "must be between 1 and " + MAX_PAGE_SIZE);
    beforeRevision.ifPresent(
        r -> violations.check(r > 0, "page_token", "is not a position of this list"));
    violations.throwIfAny();
  }
}
