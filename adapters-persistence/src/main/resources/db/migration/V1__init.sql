-- Switchboard schema, version 1. Append-only once released: change it with V2__..., never by editing this file.
--
-- Enum-like columns hold the lower-case name of the domain enum and are CHECKed, so a bug that bypasses the domain
-- cannot store a value the domain cannot read back. PostgreSQL-only statements are wrapped in jooq-ignore markers
-- because jOOQ's DDLDatabase generates its classes from this file without a running PostgreSQL.

CREATE TABLE organizations (
  id             uuid        NOT NULL,
  name           varchar(200) NOT NULL,
  purchase_limit integer     NOT NULL,
  created_at     timestamptz NOT NULL,
  CONSTRAINT organizations_pkey PRIMARY KEY (id),
  CONSTRAINT organizations_name_key UNIQUE (name),
  CONSTRAINT organizations_purchase_limit_check CHECK (purchase_limit >= 0)
);

CREATE TABLE api_keys (
  id              uuid        NOT NULL,
  organization_id uuid        NOT NULL,
  name            text        NOT NULL,
  prefix          text        NOT NULL,
  secret_hash     bytea       NOT NULL,
  scopes          text[]      NOT NULL,
  created_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  CONSTRAINT api_keys_pkey PRIMARY KEY (id),
  CONSTRAINT api_keys_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id)
);
CREATE INDEX api_keys_organization_idx ON api_keys (organization_id, created_at, id);

/* [jooq ignore start] */
-- (H2, behind DDLDatabase, cannot index bytea; PostgreSQL can.)
ALTER TABLE api_keys
  ADD CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash),
  ADD CONSTRAINT api_keys_secret_hash_length_check CHECK (octet_length(secret_hash) = 32);
/* [jooq ignore stop] */

-- Agents as the agent runtime registers them; bindings may only name a known agent.
CREATE TABLE agents (
  organization_id uuid        NOT NULL,
  id              varchar(128) NOT NULL,
  display_name    text        NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT agents_pkey PRIMARY KEY (organization_id, id),
  CONSTRAINT agents_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id)
);

CREATE TABLE phone_numbers (
  id                         uuid          NOT NULL,
  organization_id            uuid          NOT NULL,
  number                     varchar(16)   NOT NULL,
  country                    varchar(2)    NOT NULL,
  type                       varchar(16)   NOT NULL,
  source                     varchar(16)   NOT NULL,
  status                     varchar(16)   NOT NULL,
  compliance_status          varchar(32)   NOT NULL,
  compliance_requirements    jsonb         NOT NULL,
  capability_voice           boolean       NOT NULL,
  capability_sms             boolean       NOT NULL,
  capability_mms             boolean       NOT NULL,
  capability_fax             boolean       NOT NULL,
  capability_emergency       boolean       NOT NULL,
  capability_local_calling   boolean       NOT NULL,
  location                   text          NOT NULL,
  monthly_fee                numeric(12,4) NOT NULL,
  currency                   text          NOT NULL,
  voice_enabled              boolean       NOT NULL,
  voice_channel_limit        integer       NOT NULL,
  voice_destinations         text[]        NOT NULL,
  sms_enabled                boolean       NOT NULL,
  sms_channel_limit          integer       NOT NULL,
  sms_destinations           text[]        NOT NULL,
  inbound_enabled            boolean       NOT NULL,
  inbound_channel_limit      integer       NOT NULL,
  inbound_agent_id           text,
  inbound_url                text,
  status_url                 text,
  label                      text,
  campaign_id                uuid,
  webhooks                   jsonb         NOT NULL,
  created_at                 timestamptz   NOT NULL,
  updated_at                 timestamptz   NOT NULL,
  released_at                timestamptz,
  version                    bigint        NOT NULL,
  CONSTRAINT phone_numbers_pkey PRIMARY KEY (id),
  -- lets bindings and trunks reference (number, organization) so they cannot cross organizations
  CONSTRAINT phone_numbers_id_organization_key UNIQUE (id, organization_id),
  CONSTRAINT phone_numbers_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id),
  CONSTRAINT phone_numbers_type_check CHECK (type IN ('local', 'toll_free', 'mobile', 'national')),
  CONSTRAINT phone_numbers_source_check CHECK (source IN ('purchased', 'external')),
  CONSTRAINT phone_numbers_status_check CHECK (status IN ('active', 'pending', 'inactive', 'released')),
  CONSTRAINT phone_numbers_compliance_status_check CHECK (compliance_status IN ('completed', 'requirement_pending')),
  CONSTRAINT phone_numbers_monthly_fee_check CHECK (monthly_fee >= 0),
  CONSTRAINT phone_numbers_voice_channel_limit_check CHECK (voice_channel_limit >= 0),
  CONSTRAINT phone_numbers_sms_channel_limit_check CHECK (sms_channel_limit >= 0),
  CONSTRAINT phone_numbers_inbound_channel_limit_check CHECK (inbound_channel_limit >= 0),
  CONSTRAINT phone_numbers_voice_capable_check CHECK (NOT voice_enabled OR capability_voice),
  CONSTRAINT phone_numbers_sms_capable_check CHECK (NOT sms_enabled OR capability_sms),
  CONSTRAINT phone_numbers_inbound_capable_check CHECK (NOT inbound_enabled OR capability_voice OR capability_sms),
  CONSTRAINT phone_numbers_released_at_check CHECK ((status = 'released') = (released_at IS NOT NULL)),
  CONSTRAINT phone_numbers_version_check CHECK (version >= 1)
);

/* [jooq ignore start] */
ALTER TABLE phone_numbers
  ADD CONSTRAINT phone_numbers_number_format_check CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  ADD CONSTRAINT phone_numbers_country_format_check CHECK (country ~ '^[A-Z]{2}$'),
  ADD CONSTRAINT phone_numbers_currency_format_check CHECK (currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT phone_numbers_webhooks_check CHECK (jsonb_typeof(webhooks) = 'array'),
  ADD CONSTRAINT phone_numbers_compliance_requirements_check CHECK (jsonb_typeof(compliance_requirements) = 'array');

-- E.164 values are unique across the platform among held numbers; released ones may repeat (quarantine history).
CREATE UNIQUE INDEX phone_numbers_held_number_key ON phone_numbers (number) WHERE status <> 'released';
-- The latest release of a number, for its quarantine.
CREATE INDEX phone_numbers_released_number_idx ON phone_numbers (number, released_at DESC) WHERE status = 'released';

-- List sorts (keyset over (sort value, id)); released numbers are never listed, so the indexes skip them.
CREATE INDEX phone_numbers_list_created_idx ON phone_numbers (organization_id, created_at, id) WHERE status <> 'released';
CREATE INDEX phone_numbers_list_fee_idx ON phone_numbers (organization_id, monthly_fee, id) WHERE status <> 'released';
CREATE INDEX phone_numbers_list_number_idx ON phone_numbers (organization_id, number, id) WHERE status <> 'released';
-- Organization-scoped lookups by number, and prefix search over it.
CREATE INDEX phone_numbers_organization_number_idx ON phone_numbers (organization_id, number text_pattern_ops);
/* [jooq ignore stop] */

-- List filters.
CREATE INDEX phone_numbers_status_idx ON phone_numbers (organization_id, status, source);
CREATE INDEX phone_numbers_country_idx ON phone_numbers (organization_id, country);
CREATE INDEX phone_numbers_type_idx ON phone_numbers (organization_id, type);
CREATE INDEX phone_numbers_compliance_idx ON phone_numbers (organization_id, compliance_status);
CREATE INDEX phone_numbers_campaign_idx ON phone_numbers (organization_id, campaign_id);

-- The platform's stock of numbers nobody holds.
CREATE TABLE inventory_numbers (
  number                   varchar(16)   NOT NULL,
  country                  varchar(2)    NOT NULL,
  type                     varchar(16)   NOT NULL,
  capability_voice         boolean       NOT NULL,
  capability_sms           boolean       NOT NULL,
  capability_mms           boolean       NOT NULL,
  capability_fax           boolean       NOT NULL,
  capability_emergency     boolean       NOT NULL,
  capability_local_calling boolean       NOT NULL,
  monthly_fee              numeric(12,4) NOT NULL,
  currency                 text          NOT NULL,
  location                 text          NOT NULL,
  requirements             jsonb         NOT NULL,
  imported_at              timestamptz   NOT NULL,
  available_from           timestamptz   NOT NULL,
  CONSTRAINT inventory_numbers_pkey PRIMARY KEY (number),
  CONSTRAINT inventory_numbers_type_check CHECK (type IN ('local', 'toll_free', 'mobile', 'national')),
  CONSTRAINT inventory_numbers_monthly_fee_check CHECK (monthly_fee >= 0)
);
CREATE INDEX inventory_numbers_search_idx ON inventory_numbers (country, type, number);

/* [jooq ignore start] */
ALTER TABLE inventory_numbers
  ADD CONSTRAINT inventory_numbers_number_format_check CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
  ADD CONSTRAINT inventory_numbers_country_format_check CHECK (country ~ '^[A-Z]{2}$'),
  ADD CONSTRAINT inventory_numbers_currency_format_check CHECK (currency ~ '^[A-Z]{3}$');
CREATE INDEX inventory_numbers_number_pattern_idx ON inventory_numbers (number text_pattern_ops);
/* [jooq ignore stop] */

-- External SIP trunks and WhatsApp lines. Credentials are AES-GCM ciphertext with the id of the key that sealed them.
-- additional_settings is json, not jsonb: it is the caller's document, returned exactly as given (key order included).
CREATE TABLE trunks (
  id                    uuid        NOT NULL,
  organization_id       uuid        NOT NULL,
  phone_number_id       uuid        NOT NULL,
  number                varchar(16) NOT NULL,
  country               text        NOT NULL,
  channel               varchar(16) NOT NULL,
  name                  text        NOT NULL,
  direction             text,
  sip_gateway           text,
  sip_port              integer,
  sip_username          bytea,
  sip_username_key_id   text,
  sip_password          bytea,
  sip_password_key_id   text,
  sip_secondary_gateway text,
  additional_settings   json        NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  version               bigint      NOT NULL,
  CONSTRAINT trunks_pkey PRIMARY KEY (id),
  CONSTRAINT trunks_number_channel_key UNIQUE (number, channel),
  CONSTRAINT trunks_phone_number_fkey FOREIGN KEY (phone_number_id, organization_id)
    REFERENCES phone_numbers (id, organization_id),
  CONSTRAINT trunks_channel_check CHECK (channel IN ('call', 'whatsapp')),
  CONSTRAINT trunks_direction_check CHECK (direction IN ('inbound', 'outbound', 'both')),
  CONSTRAINT trunks_direction_only_on_calls_check CHECK ((channel = 'call') = (direction IS NOT NULL)),
  CONSTRAINT trunks_sip_port_check CHECK (sip_port BETWEEN 1 AND 65535),
  CONSTRAINT trunks_sip_username_key_check CHECK ((sip_username IS NULL) = (sip_username_key_id IS NULL)),
  CONSTRAINT trunks_sip_password_key_check CHECK ((sip_password IS NULL) = (sip_password_key_id IS NULL)),
  CONSTRAINT trunks_version_check CHECK (version >= 1)
);
CREATE INDEX trunks_list_idx ON trunks (organization_id, created_at, id);
CREATE INDEX trunks_phone_number_idx ON trunks (phone_number_id);

/* [jooq ignore start] */
ALTER TABLE trunks
  ADD CONSTRAINT trunks_additional_settings_check CHECK (json_typeof(additional_settings) = 'object');
/* [jooq ignore stop] */

-- Which agent answers a number on a channel. A binding cannot outlive its number, nor name an unknown agent.
CREATE TABLE bindings (
  phone_number_id uuid        NOT NULL,
  channel         varchar(16) NOT NULL,
  organization_id uuid        NOT NULL,
  agent_id        varchar(128) NOT NULL,
  bound_at        timestamptz NOT NULL,
  CONSTRAINT bindings_pkey PRIMARY KEY (phone_number_id, channel),
  CONSTRAINT bindings_phone_number_fkey FOREIGN KEY (phone_number_id, organization_id)
    REFERENCES phone_numbers (id, organization_id) ON DELETE CASCADE,
  CONSTRAINT bindings_agent_fkey FOREIGN KEY (organization_id, agent_id) REFERENCES agents (organization_id, id),
  CONSTRAINT bindings_channel_check CHECK (channel IN ('call', 'sms', 'whatsapp'))
);
CREATE INDEX bindings_agent_idx ON bindings (organization_id, agent_id, channel);

-- The change log. Revisions come from revision_counter inside the writing transaction, so they are gapless and
-- become visible in order.
CREATE TABLE change_events (
  revision        bigint      NOT NULL,
  organization_id uuid        NOT NULL,
  resource_type   varchar(32) NOT NULL,
  resource_id     varchar(255) NOT NULL,
  number          text,
  action          text        NOT NULL,
  changes         jsonb       NOT NULL,
  actor_key_id    text,
  request_id      text,
  source_api      text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  CONSTRAINT change_events_pkey PRIMARY KEY (revision),
  CONSTRAINT change_events_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id),
  CONSTRAINT change_events_resource_type_check CHECK (resource_type IN
    ('phone_number', 'trunk', 'binding', 'agent', 'organization', 'api_key', 'inventory')),
  CONSTRAINT change_events_action_check CHECK (action IN ('created', 'updated', 'deleted', 'released')),
  CONSTRAINT change_events_source_api_check CHECK (source_api IN
    ('grpc', 'rest.mindhunters', 'rest.voiceos', 'rest.agentmessage', 'system'))
);
CREATE INDEX change_events_organization_idx ON change_events (organization_id, revision);
CREATE INDEX change_events_resource_idx ON change_events (organization_id, resource_type, resource_id, revision);

-- One row. Its lock, taken by the increment and held until commit, orders the writers of change events.
CREATE TABLE revision_counter (
  singleton boolean NOT NULL DEFAULT true,
  value     bigint  NOT NULL,
  CONSTRAINT revision_counter_pkey PRIMARY KEY (singleton),
  CONSTRAINT revision_counter_singleton_check CHECK (singleton),
  CONSTRAINT revision_counter_value_check CHECK (value >= 0)
);

/* [jooq ignore start] */
INSERT INTO revision_counter (singleton, value) VALUES (true, 0);
/* [jooq ignore stop] */

-- Responses remembered per idempotency key (24 h). response is NULL until the claiming request completes.
CREATE TABLE idempotency_records (
  organization_id uuid        NOT NULL,
  key             varchar(255) NOT NULL,
  fingerprint     bytea       NOT NULL,
  response        bytea,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  CONSTRAINT idempotency_records_pkey PRIMARY KEY (organization_id, key),
  CONSTRAINT idempotency_records_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id),
  CONSTRAINT idempotency_records_key_check CHECK (char_length(key) BETWEEN 1 AND 255)
);
CREATE INDEX idempotency_records_expires_idx ON idempotency_records (expires_at);
