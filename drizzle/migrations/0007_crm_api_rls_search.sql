-- Custom migration: RLS for the tables of 0006, and the tenant-confined search function.
ALTER TABLE "deal_stage_history" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "idempotency_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "deal_stage_history", "idempotency_keys" TO pulse_app;--> statement-breakpoint
-- Trigram indexes that lead with org_id (btree_gin), one per searchable table. The
-- expressions must match search_records() below character for character.
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ("org_id", (first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "companies_search_idx" ON "companies" USING gin ("org_id", (name || ' ' || coalesce(website, '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "deals_search_idx" ON "deals" USING gin ("org_id", title gin_trgm_ops);--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO pulse_search;--> statement-breakpoint
GRANT SELECT ON "contacts", "companies", "deals" TO pulse_search;--> statement-breakpoint
-- Search across contacts (name, email, phone), companies (name, website) and deals (title).
-- Under RLS the planner may not use a trigram index: the operators are not LEAKPROOF, so
-- they must wait until the policy has filtered. This function runs as pulse_search, whose
-- policy is `true`, and filters by the transaction's app.org_id itself — the tenant comes
-- from the server's transaction setting, never from an argument. Without a tenant it
-- finds nothing. It returns kinds, ids and scores only; the caller reads the rows under RLS.
CREATE OR REPLACE FUNCTION search_records(p_query text, p_limit integer)
RETURNS TABLE (kind text, id uuid, score real)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
SET pg_trgm.word_similarity_threshold = 0.4
AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_pattern text := '%' || replace(replace(replace(p_query, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_limit integer := least(greatest(coalesce(p_limit, 10), 1), 50);
BEGIN
  IF v_org IS NULL OR length(trim(p_query)) = 0 THEN
    RETURN;
  END IF;
  -- A substring hit ranks above a fuzzy one; within each, closer words rank higher.
  RETURN QUERY
  SELECT 'contact'::text, r.id, r.score FROM (
    SELECT c.id, (word_similarity(p_query, (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, ''))) + CASE WHEN (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) ILIKE v_pattern THEN 1 ELSE 0 END)::real AS score
      FROM contacts c
     WHERE c.org_id = v_org
       AND ((c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) ILIKE v_pattern OR p_query <% (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')))
     ORDER BY 2 DESC, 1
     LIMIT v_limit) r;
  RETURN QUERY
  SELECT 'company'::text, r.id, r.score FROM (
    SELECT c.id, (word_similarity(p_query, c.name || ' ' || coalesce(c.website, '')) + CASE WHEN (c.name || ' ' || coalesce(c.website, '')) ILIKE v_pattern THEN 1 ELSE 0 END)::real AS score
      FROM companies c
     WHERE c.org_id = v_org
       AND ((c.name || ' ' || coalesce(c.website, '')) ILIKE v_pattern OR p_query <% (c.name || ' ' || coalesce(c.website, '')))
     ORDER BY 2 DESC, 1
     LIMIT v_limit) r;
  RETURN QUERY
  SELECT 'deal'::text, r.id, r.score FROM (
    SELECT d.id, (word_similarity(p_query, d.title) + CASE WHEN d.title ILIKE v_pattern THEN 1 ELSE 0 END)::real AS score
      FROM deals d
     WHERE d.org_id = v_org
       AND (d.title ILIKE v_pattern OR p_query <% d.title)
     ORDER BY 2 DESC, 1
     LIMIT v_limit) r;
END
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_search;--> statement-breakpoint
ALTER FUNCTION search_records(text, integer) OWNER TO pulse_search;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_search;--> statement-breakpoint
REVOKE ALL ON FUNCTION search_records(text, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION search_records(text, integer) TO pulse_app;
