-- The sequencer's run in one round trip (V3 describes the design): called in autocommit, it locks revision_counter's
-- row (which serializes runs across replicas), then, in a statement whose snapshot is therefore taken after the
-- previous run committed, numbers the committed events still without a revision in id order, advances the counter
-- and NOTIFYs the new head; its commit makes all of it visible at once. Returns how many events it numbered.
-- (Each statement of a VOLATILE PL/pgSQL function takes a fresh snapshot under READ COMMITTED.)
/* [jooq ignore start] */
CREATE FUNCTION sequence_change_events(p_batch integer, p_channel text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_base bigint;
  v_head bigint;
BEGIN
  PERFORM set_config('lock_timeout', '5s', true); -- a run stuck behind a vanished peer gives up; the next one retries
  SELECT value INTO v_base FROM revision_counter FOR UPDATE;
  WITH pending AS (
    SELECT id, row_number() OVER (ORDER BY id) AS position
    FROM change_events WHERE revision IS NULL ORDER BY id LIMIT p_batch),
  numbered AS (
    UPDATE change_events c SET revision = v_base + pending.position
    FROM pending WHERE c.id = pending.id
    RETURNING 1)
  SELECT v_base + count(*) INTO v_head FROM numbered;
  IF v_head > v_base THEN
    UPDATE revision_counter SET value = v_head;
    PERFORM pg_notify(p_channel, v_head::text);
  END IF;
  RETURN v_head - v_base;
END
$$;
/* [jooq ignore stop] */
