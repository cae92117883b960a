package io.switchboard.application.audit;

import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.domain.common.Violations;
import java.util.Objects;

/**
 * An export of the audit log: the events that match {@code filter}, whose time range must be given
 * at both ends (an export is of a stated period, never of "everything so far"), in {@code format}.
 */
public record ExportChangesCommand(ChangeFilter filter, ExportFormat format) {
  public ExportChangesCommand {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(format, "format");
    var violations = new Violations();
    violations.check(filter.from().isPresent(), "from", "is required for an export");
    violations.check(filter.to().isPresent(), "to", "is required for an export");
    violations.throwIfAny();
  }
}
