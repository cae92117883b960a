package io.switchboard.domain.trunk;

public enum TrunkDirection {
  INBOUND,
  OUTBOUND,
  BOTH
}
