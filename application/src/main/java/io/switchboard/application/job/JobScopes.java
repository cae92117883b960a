package io.switchboard.application.job;

import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.org.Scope;
import java.util.EnumSet;
import java.util.Set;

/** The scopes that start (and cancel) a job of each kind, as its use case for one item needs. */
final class JobScopes {
  private JobScopes() {}

  static Set<Scope> toStart(JobKind kind, boolean returnToCarrier) {
    return switch (kind) {
      case IMPORT -> EnumSet.of(Scope.INVENTORY_WRITE);
      case UPDATE -> EnumSet.of(Scope.NUMBERS_WRITE);
      case RELEASE ->
          returnToCarrier
              ? EnumSet.of(Scope.NUMBERS_WRITE, Scope.INVENTORY_WRITE)
              : EnumSet.of(Scope.NUMBERS_WRITE);
    };
  }
}
