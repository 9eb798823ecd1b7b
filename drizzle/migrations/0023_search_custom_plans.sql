-- Custom migration: search_records() plans every statement for the tenant at hand.
-- PL/pgSQL keeps its statements' plans per connection and, after five executions, may
-- switch to one generic plan that does not know the organization. For the contacts of a
-- 100,000-contact tenant that generic plan read the whole tenant through the org_id index
-- and filtered every row (470-660 ms for "schmidt"), where the plan made for the tenant
-- walks the trigram index and stops after 200 hits (10-16 ms); a small tenant was hardly
-- affected, so search was 5-8x slower in the big tenant under load, on pooled connections
-- only. A custom plan costs a fraction of a millisecond to make.
ALTER FUNCTION search_records(text, integer) SET plan_cache_mode = force_custom_plan;
