package io.switchboard.domain.job;

/** What a bulk job does to each of its items. */
public enum JobKind {
  IMPORT("import"),
  UPDATE("update"),
  RELEASE("release");

  private final String wireName;

  JobKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name in filters and in the database. */
  public String wireName() {
    return wireName;
  }

  public static java.util.Optional<JobKind> fromWireName(String name) {
    for (JobKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return java.util.Optional.of(kind);
      }
    }
    return java.util.Optional.empty();
  }
}
