-- Issue 20: signed lifecycle webhooks. An organization's endpoints, each with the delivery engine's state: the
-- revision of the change feed up to which its messages have been made (cursor) and the lease of the one replica
-- delivering it (lease_owner until lease_expires_at, by the database's clock). Signing secrets are sealed like trunk
-- SIP credentials (AES-GCM, with the id of the key that sealed them); after a roll the previous secret keeps signing
-- until previous_secret_until.
CREATE TABLE webhook_endpoints (
  id                           uuid          NOT NULL,
  organization_id              uuid          NOT NULL,
  url                          varchar(2048) NOT NULL,
  event_types                  text[]        NOT NULL,
  description                  varchar(256)  NOT NULL,
  enabled                      boolean       NOT NULL,
  status                       varchar(16)   NOT NULL,
  secret                       bytea         NOT NULL,
  secret_key_id                text          NOT NULL,
  previous_secret              bytea,
  previous_secret_key_id       text,
  previous_secret_until        timestamptz,
  version                      bigint        NOT NULL,
  created_at                   timestamptz   NOT NULL,
  updated_at                   timestamptz   NOT NULL,
  cursor_revision              bigint        NOT NULL,
  lease_owner                  text,
  lease_expires_at             timestamptz,
  CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id),
  CONSTRAINT webhook_endpoints_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id),
  CONSTRAINT webhook_endpoints_status_check CHECK (status IN ('active', 'failing', 'disabled')),
  CONSTRAINT webhook_endpoints_enabled_check CHECK (enabled = (status <> 'disabled')),
  CONSTRAINT webhook_endpoints_previous_secret_check CHECK (
    (previous_secret IS NULL) = (previous_secret_key_id IS NULL)
    AND (previous_secret IS NULL) = (previous_secret_until IS NULL)),
  CONSTRAINT webhook_endpoints_cursor_check CHECK (cursor_revision >= 0)
);
CREATE INDEX webhook_endpoints_organization_idx ON webhook_endpoints (organization_id, created_at, id);

-- One row per message: the change event at revision, for one endpoint, with the exact body that is signed and sent
-- (so a retry or a replay sends the same bytes under the same id). Messages of one resource (resource_key) go out in
-- revision order. The unique (endpoint_id, revision) makes a message once, whichever replica makes it.
CREATE TABLE webhook_deliveries (
  id               varchar(64)  NOT NULL,
  endpoint_id      uuid         NOT NULL,
  organization_id  uuid         NOT NULL,
  revision         bigint       NOT NULL,
  event_type       varchar(64)  NOT NULL,
  resource_key     varchar(300) NOT NULL,
  body             text         NOT NULL,
  status           varchar(16)  NOT NULL,
  attempts         integer      NOT NULL,
  next_attempt_at  timestamptz,
  last_status_code integer,
  last_latency_ms  bigint,
  last_error       varchar(500),
  created_at       timestamptz  NOT NULL,
  window_start     timestamptz  NOT NULL,
  last_attempt_at  timestamptz,
  CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id),
  CONSTRAINT webhook_deliveries_endpoint_revision_key UNIQUE (endpoint_id, revision),
  CONSTRAINT webhook_deliveries_endpoint_fkey FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id)
    ON DELETE CASCADE,
  CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed')),
  CONSTRAINT webhook_deliveries_next_attempt_check CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
  CONSTRAINT webhook_deliveries_attempts_check CHECK (attempts >= 0)
);
/* [jooq ignore start] */
-- What the engine reads: each resource's oldest pending message.
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, resource_key, revision)
  WHERE status = 'pending';
/* [jooq ignore stop] */
