package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Polls the job until it is done: a job may run on any replica, so the database is where its end
 * shows. The wait is capped (a long wait holds a call open for nothing; the client asks again) and
 * never outlives the caller's deadline.
 */
public final class WaitJobService implements WaitJobUseCase {
  private final JobLookup lookup;
  private final UseCaseSteps steps;
  private final Clock clock;
  private final Duration maxWait;
  private final Duration pollInterval;

  public WaitJobService(
      JobLookup lookup, UseCaseSteps steps, Clock clock, Duration maxWait, Duration pollInterval) {
    this.lookup = lookup;
    this.steps = steps;
    this.clock = clock;
    this.maxWait = maxWait;
    this.pollInterval = pollInterval;
  }

  @Override
  public Job await(RequestContext ctx, JobId id, Duration timeout) {
    Duration wait = timeout.isNegative() || timeout.compareTo(maxWait) > 0 ? maxWait : timeout;
    Instant until = clock.instant().plus(wait);
    if (ctx.deadline().isPresent() && ctx.deadline().get().isBefore(until)) {
      // leave the answer time to travel back before the caller gives up
      until = ctx.deadline().get().minus(pollInterval);
    }
    while (true) {
      Job job = steps.read(ctx, Scope.NUMBERS_READ, () -> lookup.find(ctx, id));
      Instant now = clock.instant();
      if (job.isDone() || !now.isBefore(until)) {
        return job;
      }
      try {
        Thread.sleep(
            Duration.between(now, until).compareTo(pollInterval) < 0
                ? Duration.between(now, until)
                : pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return job;
      }
    }
  }
}
