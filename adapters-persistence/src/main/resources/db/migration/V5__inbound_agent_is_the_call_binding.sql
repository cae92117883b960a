-- Issue 12: the agent that takes a number's inbound calls is one fact, the number's call binding. VoiceOS's
-- inbound_agent_id used to be a field of its own, used only without a call binding; it now reads and writes the call
-- binding, and the column goes. Nothing is lost: every old value either becomes the call binding or is recorded in
-- the change log (a phone_number event, routing.inbound_agent_id from the old value to none).
--
-- A number's old inbound agent becomes its call binding when the number has none, can take voice, and the agent
-- exists and is bound on calls nowhere else (one number per agent and channel); among the numbers of one agent, the
-- most recently updated wins. Where a number has both, the call binding wins.
/* [jooq ignore start] */
CREATE TEMPORARY TABLE inbound_agents_moved ON COMMIT DROP AS
WITH held AS (
  SELECT p.id, p.organization_id, p.number, p.inbound_agent_id, p.updated_at,
         (p.capability_voice
          AND NOT EXISTS (SELECT 1 FROM bindings b WHERE b.phone_number_id = p.id AND b.channel = 'call')
          AND NOT EXISTS (SELECT 1 FROM bindings b WHERE b.organization_id = p.organization_id
                          AND b.agent_id = p.inbound_agent_id AND b.channel = 'call')
          AND EXISTS (SELECT 1 FROM agents a WHERE a.organization_id = p.organization_id
                      AND a.id = p.inbound_agent_id)) AS eligible
  FROM phone_numbers p
  WHERE p.inbound_agent_id IS NOT NULL AND p.status <> 'released'),
ranked AS (
  SELECT h.*, h.eligible AND row_number() OVER (PARTITION BY h.organization_id, h.inbound_agent_id, h.eligible
                                                ORDER BY h.updated_at DESC, h.id) = 1 AS becomes_binding
  FROM held h)
SELECT id, organization_id, number, inbound_agent_id, becomes_binding FROM ranked;

INSERT INTO bindings (phone_number_id, channel, organization_id, agent_id, bound_at)
SELECT id, 'call', organization_id, inbound_agent_id, now() FROM inbound_agents_moved WHERE becomes_binding;

-- The events get their revisions from the next sequencer run (V3), like any committed event without one.
INSERT INTO change_events (organization_id, resource_type, resource_id, number, action, changes, source_api,
                           occurred_at)
SELECT organization_id, 'binding', id::text || '/call', number, 'created',
       jsonb_build_array(jsonb_build_object('field', 'agent_id', 'from', NULL, 'to', inbound_agent_id),
                         jsonb_build_object('field', 'channel', 'from', NULL, 'to', 'call')),
       'system', now()
FROM inbound_agents_moved WHERE becomes_binding
UNION ALL
SELECT organization_id, 'phone_number', id::text, number, 'updated',
       jsonb_build_array(jsonb_build_object('field', 'routing.inbound_agent_id', 'from', inbound_agent_id, 'to', NULL)),
       'system', now()
FROM inbound_agents_moved WHERE NOT becomes_binding;

-- Bindings are part of what a number's etag covers.
UPDATE phone_numbers p SET version = version + 1, updated_at = now()
FROM inbound_agents_moved m WHERE p.id = m.id;
/* [jooq ignore stop] */

ALTER TABLE phone_numbers DROP COLUMN inbound_agent_id;
