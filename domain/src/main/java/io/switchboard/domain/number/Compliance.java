package io.switchboard.domain.number;

import java.util.List;
import java.util.Objects;

public record Compliance(ComplianceStatus status, List<ComplianceRequirement> requirements) {
  public static final Compliance COMPLETED = new Compliance(ComplianceStatus.COMPLETED, List.of());

  public Compliance {
    Objects.requireNonNull(status, "status");
    requirements = List.copyOf(requirements);
  }
}
