-- Writers no longer take revision_counter: holding its one row from the first write to COMMIT serialized every write
-- of the platform, commit fsync included. A writer now inserts its event without a revision (id, from a sequence,
-- only says which was inserted first); after commit a sequencer gives the committed events without one the next
-- revisions, in id order, in one short transaction that holds revision_counter's row lock (see JooqChangeFeed).
-- Sequencer runs are serialized and see only committed events, so revisions still become visible gapless and in
-- increasing order. Readers of the feed only ever see events that have a revision.
ALTER TABLE change_events ADD COLUMN id bigserial;
ALTER TABLE change_events DROP CONSTRAINT change_events_pkey;
ALTER TABLE change_events ALTER COLUMN revision DROP NOT NULL;
ALTER TABLE change_events ADD CONSTRAINT change_events_pkey PRIMARY KEY (id);
ALTER TABLE change_events ADD CONSTRAINT change_events_revision_key UNIQUE (revision);

/* [jooq ignore start] */
-- What the sequencer reads: the events still waiting for a revision.
CREATE INDEX change_events_pending_idx ON change_events (id) WHERE revision IS NULL;
/* [jooq ignore stop] */
