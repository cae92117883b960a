package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobKind;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Stores a bulk job and every item of its upload in one transaction, then returns it pending: a
 * replica's {@link JobRunner} applies the items in the background. A retry with the same request id
 * returns the job already stored and stores nothing.
 */
public interface StartJobUseCase {
  /** Items per chunk of an upload, at most. */
  int MAX_CHUNK = 1000;

  Job start(RequestContext ctx, Command command);

  /**
   * @param chunks the upload, read chunk by chunk while it arrives (never held whole); each item's
   *     index counts over the whole upload
   */
  record Command(
      JobKind kind, RequestId requestId, boolean returnToCarrier, Iterator<List<JobItem>> chunks) {
    public Command {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(chunks, "chunks");
    }
  }
}
