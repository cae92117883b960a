package io.switchboard.domain.number;

public enum ComplianceStatus {
  COMPLETED,
  REQUIREMENT_PENDING
}
