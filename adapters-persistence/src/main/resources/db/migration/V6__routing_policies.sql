-- Issue 19: a number's inbound routing policies per channel (fallback, caller screening, business hours), one
-- jsonb document read and written whole with the number's row: {"call": {"fallback": {...}, "caller_screening":
-- {...}, "business_hours": {...}}, "sms": ..., "whatsapp": ...}. NULL when the number has none, which is what every
-- existing number starts with, so the route cache keeps nothing for them.
ALTER TABLE phone_numbers ADD COLUMN routing_policies jsonb;
ALTER TABLE phone_numbers
  ADD CONSTRAINT phone_numbers_routing_policies_check
  CHECK (routing_policies IS NULL OR jsonb_typeof(routing_policies) = 'object');
