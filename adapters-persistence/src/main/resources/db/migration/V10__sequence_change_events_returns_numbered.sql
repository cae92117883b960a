-- The sequencer's run as in V4, also telling which events it numbered: the counter value it started from and the
-- ids it numbered in id order (the i-th, from 1, got base + i). The writers waiting for the run learn their events'
-- revisions from it instead of reading them back, one round trip each. V4's function stays for replicas of the
-- previous release during a rolling deploy: both lock revision_counter's row, so their runs serialize.
/* [jooq ignore start] */
CREATE FUNCTION sequence_change_events_numbered(p_batch integer, p_channel text, OUT base bigint, OUT ids bigint[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('lock_timeout', '5s', true); -- a run stuck behind a vanished peer gives up; the next one retries
  SELECT value INTO base FROM revision_counter FOR UPDATE;
  WITH pending AS (
    SELECT id, row_number() OVER (ORDER BY id) AS position
    FROM change_events WHERE revision IS NULL ORDER BY id LIMIT p_batch),
  numbered AS (
    UPDATE change_events c SET revision = base + pending.position
    FROM pending WHERE c.id = pending.id
    RETURNING c.id)
  SELECT coalesce(array_agg(numbered.id ORDER BY numbered.id), '{}') INTO ids FROM numbered;
  IF cardinality(ids) > 0 THEN
    UPDATE revision_counter SET value = base + cardinality(ids);
    PERFORM pg_notify(p_channel, (base + cardinality(ids))::text);
  END IF;
END
$$;
/* [jooq ignore stop] */
