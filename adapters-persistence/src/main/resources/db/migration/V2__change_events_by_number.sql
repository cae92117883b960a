-- A held number's history gathers the events of the number, its bindings and its trunks by E.164 value.
/* [jooq ignore start] */
CREATE INDEX change_events_number_idx ON change_events (organization_id, number, revision);
/* [jooq ignore stop] */
