package io.switchboard.application.audit;

import io.switchboard.application.common.RequestContext;
import java.io.OutputStream;

/**
 * Writes the caller's organization's audit events of a time range to {@code out}, oldest first, in
 * the command's format, as they are read: an export of any size holds one event in memory at a
 * time. {@code out} is flushed, not closed. The scope is checked before anything is written; a
 * failure after the first bytes leaves {@code out} incomplete, and the adapter must not pass it off
 * as a complete file.
 */
public interface ExportChangesUseCase {
  void export(RequestContext ctx, ExportChangesCommand command, OutputStream out);
}
