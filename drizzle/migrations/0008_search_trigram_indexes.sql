-- Custom migration: trigram indexes without org_id. With org_id as the first GIN column
-- (btree_gin) the planner costs the organization's share of the index and, for a large
-- tenant, prefers reading all of its rows through a btree index; a trigram-only index is
-- combined with the org_id btree indexes (BitmapAnd) instead, so the cost of a search
-- follows the matches, not the size of the tenant. The expressions still match
-- search_records() character for character.
DROP INDEX IF EXISTS "contacts_search_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "companies_search_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "deals_search_idx";--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ((first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "companies_search_idx" ON "companies" USING gin ((name || ' ' || coalesce(website, '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "deals_search_idx" ON "deals" USING gin (title gin_trgm_ops);--> statement-breakpoint
DROP EXTENSION IF EXISTS btree_gin;
