package io.switchboard.domain.change;

public enum ChangeAction {
  CREATED,
  UPDATED,
  DELETED,
  RELEASED
}
