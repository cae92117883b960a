package io.switchboard.domain.job;

/** What applying one item of a job came to. */
public enum ItemOutcome {
  /** Imported, updated or released. */
  SUCCEEDED,
  /** Needed no change (an import's number already in stock or held by an organization). */
  UNCHANGED,
  FAILED
}
