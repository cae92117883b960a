package io.switchboard.domain.change;

public enum ResourceType {
  PHONE_NUMBER,
  TRUNK,
  BINDING,
  AGENT,
  ORGANIZATION,
  API_KEY,
  INVENTORY,
  WEBHOOK_ENDPOINT
}
