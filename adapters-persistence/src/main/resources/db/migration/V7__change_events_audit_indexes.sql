-- V7, not V6: the routing-policies work (branch policies) takes V6. This migration only adds indexes and depends on
-- nothing of V6; but Flyway refuses a V6 that appears after V7 was applied, so if this lands first, renumber it above
-- whatever V6 becomes before either is deployed.
-- The organization audit log (ListChanges, its export) filters an organization's events by time, resource type, actor,
-- action or source door and reads them by revision, newest first, a keyset page at a time. Each filter gets an index
-- that leads with the organization and ends with the revision, so a page is an index range read in revision order
-- (backwards) that stops after page_size + 1 rows, whatever the log's size. Resource id and number filters use the
-- indexes of V1 and V2; no filter uses change_events_organization_idx. The time range reads the occurred_at index and
-- sorts what it finds: occurred_at follows the clocks of the replicas, not the revision order, so an index in time
-- order cannot also give revision order.
--
-- Built in the migration's transaction: writers of change events wait while the indexes are built (seconds per
-- million events). CONCURRENTLY would spare them, but under Flyway it waited on the migration's own lock connection
-- until the statement timed out; on a very large log, build the same indexes CONCURRENTLY by hand before upgrading
-- (IF NOT EXISTS then skips them here).
/* [jooq ignore start] */
CREATE INDEX IF NOT EXISTS change_events_occurred_idx
  ON change_events (organization_id, occurred_at);
CREATE INDEX IF NOT EXISTS change_events_type_idx
  ON change_events (organization_id, resource_type, revision);
CREATE INDEX IF NOT EXISTS change_events_actor_idx
  ON change_events (organization_id, actor_key_id, revision) WHERE actor_key_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS change_events_action_idx
  ON change_events (organization_id, action, revision);
CREATE INDEX IF NOT EXISTS change_events_source_idx
  ON change_events (organization_id, source_api, revision);
/* [jooq ignore stop] */
