-- Issue 20 part 3: bulk jobs run as long-running operations. A job and all its items are stored in the upload's
-- transaction; then one replica at a time applies the items in order: the holder of the lease (lease_holder until
-- lease_until, by the database's clock). next_index is the cursor: items below it are applied, and it moves in the
-- same transaction as the effects of the items it passes, so a replica that dies neither repeats nor skips one.
-- Counters: processed items = succeeded + unchanged + failed = next_index.
CREATE TABLE jobs (
  id               uuid         NOT NULL,
  organization_id  uuid         NOT NULL,
  kind             varchar(16)  NOT NULL,
  state            varchar(16)  NOT NULL,
  request_id       varchar(128) NOT NULL,
  started_by       uuid         NOT NULL,
  scopes           text[]       NOT NULL,
  options          jsonb        NOT NULL,
  total_items      bigint       NOT NULL,
  succeeded_items  bigint       NOT NULL,
  unchanged_items  bigint       NOT NULL,
  failed_items     bigint       NOT NULL,
  next_index       bigint       NOT NULL,
  cancel_requested boolean      NOT NULL,
  error            varchar(500),
  created_at       timestamptz  NOT NULL,
  started_at       timestamptz,
  updated_at       timestamptz  NOT NULL,
  ended_at         timestamptz,
  lease_holder     text,
  lease_until      timestamptz,
  CONSTRAINT jobs_pkey PRIMARY KEY (id),
  CONSTRAINT jobs_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id),
  CONSTRAINT jobs_request_id_key UNIQUE (organization_id, request_id),
  CONSTRAINT jobs_kind_check CHECK (kind IN ('import', 'update', 'release')),
  CONSTRAINT jobs_state_check CHECK (state IN ('pending', 'running', 'succeeded', 'cancelled', 'failed')),
  CONSTRAINT jobs_counts_check CHECK (
    succeeded_items >= 0 AND unchanged_items >= 0 AND failed_items >= 0
    AND next_index = succeeded_items + unchanged_items + failed_items
    AND next_index <= total_items AND total_items <= 1000000)
);
CREATE INDEX jobs_organization_idx ON jobs (organization_id, created_at DESC, id DESC);
-- The runners look for work among the jobs not done; done jobs (nearly all, in time) stay out of that index.
CREATE INDEX jobs_unfinished_idx ON jobs (created_at, id) WHERE state IN ('pending', 'running');

-- One row per uploaded item, in upload order; outcome, reason and message once it is applied.
CREATE TABLE job_items (
  job_id   uuid         NOT NULL,
  idx      bigint       NOT NULL,
  payload  bytea        NOT NULL,
  label    varchar(64)  NOT NULL,
  outcome  varchar(16),
  reason   varchar(64),
  message  varchar(500),
  CONSTRAINT job_items_pkey PRIMARY KEY (job_id, idx),
  CONSTRAINT job_items_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
  CONSTRAINT job_items_outcome_check CHECK (outcome IN ('succeeded', 'unchanged', 'failed')),
  CONSTRAINT job_items_reason_check CHECK ((outcome = 'failed') = (reason IS NOT NULL))
);
-- ListJobItemFailures reads only the failed items, in order.
CREATE INDEX job_items_failed_idx ON job_items (job_id, idx) WHERE outcome = 'failed';
