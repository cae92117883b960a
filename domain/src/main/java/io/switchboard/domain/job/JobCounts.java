package io.switchboard.domain.job;

/** How many of a job's items came to each outcome. */
public record JobCounts(long succeeded, long unchanged, long failed) {
  public static final JobCounts NONE = new JobCounts(0, 0, 0);

  public JobCounts {
    if (succeeded < 0 || unchanged < 0 || failed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  public long processed() {
    return succeeded + unchanged + failed;
  }

  public JobCounts plus(JobCounts other) {
    return new JobCounts(
        succeeded + other.succeeded, unchanged + other.unchanged, failed + other.failed);
  }

  public JobCounts plus(ItemOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> new JobCounts(succeeded + 1, unchanged, failed);
      case UNCHANGED -> new JobCounts(succeeded, unchanged + 1, failed);
      case FAILED -> new JobCounts(succeeded, unchanged, failed + 1);
    };
  }
}
