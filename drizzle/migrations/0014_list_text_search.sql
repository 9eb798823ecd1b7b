-- Custom migration: list text search (`q` on contacts, companies, deals, activities)
-- along trigram indexes despite RLS, as search_records() does (see 0007).
-- Companies are now found by city as well: their search expression (index and
-- search_records) gains the city, as the list's `q` always searched it.
GRANT SELECT ON "activities" TO pulse_search;--> statement-breakpoint
DROP INDEX IF EXISTS "companies_search_idx";--> statement-breakpoint
CREATE INDEX "companies_search_idx" ON "companies" USING gin ((name || ' ' || coalesce(city, '') || ' ' || coalesce(website, '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "activities_search_idx" ON "activities" USING gin (subject gin_trgm_ops);--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_records(p_query text, p_limit integer)
RETURNS TABLE (kind text, id uuid, score real)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
SET pg_trgm.word_similarity_threshold = 0.4
AS $$
#variable_conflict use_column
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_pattern text := '%' || replace(replace(replace(p_query, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_limit integer := least(greatest(coalesce(p_limit, 10), 1), 50);
  v_pool constant integer := 200;
BEGIN
  IF v_org IS NULL OR length(trim(p_query)) = 0 THEN
    RETURN;
  END IF;
  -- A substring hit ranks above a fuzzy one; within each, closer words rank higher.
  RETURN QUERY
  WITH substring_hits AS (
    SELECT c.id, (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) AS v FROM contacts c
     WHERE c.org_id = v_org AND (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) ILIKE v_pattern
     LIMIT v_pool
  ), fuzzy_hits AS (
    SELECT c.id, (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) AS v FROM contacts c
     WHERE c.org_id = v_org AND p_query <% (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, ''))
       AND (SELECT count(*) FROM substring_hits) < v_limit
     LIMIT v_pool
  ), pool AS (
    SELECT * FROM substring_hits UNION SELECT * FROM fuzzy_hits
  )
  SELECT 'contact'::text, pool.id, (word_similarity(p_query, pool.v) + CASE WHEN pool.v ILIKE v_pattern THEN 1 ELSE 0 END)::real
    FROM pool
   ORDER BY 3 DESC, 2
   LIMIT v_limit;
  RETURN QUERY
  WITH substring_hits AS (
    SELECT c.id, (c.name || ' ' || coalesce(c.city, '') || ' ' || coalesce(c.website, '')) AS v FROM companies c
     WHERE c.org_id = v_org AND (c.name || ' ' || coalesce(c.city, '') || ' ' || coalesce(c.website, '')) ILIKE v_pattern
     LIMIT v_pool
  ), fuzzy_hits AS (
    SELECT c.id, (c.name || ' ' || coalesce(c.city, '') || ' ' || coalesce(c.website, '')) AS v FROM companies c
     WHERE c.org_id = v_org AND p_query <% (c.name || ' ' || coalesce(c.city, '') || ' ' || coalesce(c.website, ''))
       AND (SELECT count(*) FROM substring_hits) < v_limit
     LIMIT v_pool
  ), pool AS (
    SELECT * FROM substring_hits UNION SELECT * FROM fuzzy_hits
  )
  SELECT 'company'::text, pool.id, (word_similarity(p_query, pool.v) + CASE WHEN pool.v ILIKE v_pattern THEN 1 ELSE 0 END)::real
    FROM pool
   ORDER BY 3 DESC, 2
   LIMIT v_limit;
  RETURN QUERY
  WITH substring_hits AS (
    SELECT c.id, c.title AS v FROM deals c
     WHERE c.org_id = v_org AND c.title ILIKE v_pattern
     LIMIT v_pool
  ), fuzzy_hits AS (
    SELECT c.id, c.title AS v FROM deals c
     WHERE c.org_id = v_org AND p_query <% c.title
       AND (SELECT count(*) FROM substring_hits) < v_limit
     LIMIT v_pool
  ), pool AS (
    SELECT * FROM substring_hits UNION SELECT * FROM fuzzy_hits
  )
  SELECT 'deal'::text, pool.id, (word_similarity(p_query, pool.v) + CASE WHEN pool.v ILIKE v_pattern THEN 1 ELSE 0 END)::real
    FROM pool
   ORDER BY 3 DESC, 2
   LIMIT v_limit;
END
$$;--> statement-breakpoint
-- The ids of the tenant's rows of p_table whose searchable text matches every LIKE
-- pattern in p_patterns (each already escaped and wrapped in %); p_anchor, the most
-- selective of them, is the one the trigram index answers. The tenant comes from
-- app.org_id; without one, nothing matches.
CREATE OR REPLACE FUNCTION list_match_ids(p_table text, p_anchor text, p_patterns text[])
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
ROWS 200
AS $$
#variable_conflict use_column
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
BEGIN
  IF v_org IS NULL THEN
    RETURN;
  END IF;
  IF p_table = 'contacts' THEN
    RETURN QUERY SELECT c.id FROM contacts c
     WHERE c.org_id = v_org AND (c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) ILIKE p_anchor
       AND NOT EXISTS (SELECT 1 FROM unnest(p_patterns) AS p(pattern) WHERE NOT ((c.first_name || ' ' || c.last_name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) ILIKE p.pattern));
  ELSIF p_table = 'companies' THEN
    RETURN QUERY SELECT c.id FROM companies c
     WHERE c.org_id = v_org AND (c.name || ' ' || coalesce(c.city, '') || ' ' || coalesce(c.website, '')) ILIKE p_anchor
       AND NOT EXISTS (SELECT 1 FROM unnest(p_patterns) AS p(pattern) WHERE NOT ((c.name || ' ' || coalesce(c.city, '') || ' ' || coalesce(c.website, '')) ILIKE p.pattern));
  ELSIF p_table = 'deals' THEN
    RETURN QUERY SELECT c.id FROM deals c
     WHERE c.org_id = v_org AND c.title ILIKE p_anchor
       AND NOT EXISTS (SELECT 1 FROM unnest(p_patterns) AS p(pattern) WHERE NOT (c.title ILIKE p.pattern));
  ELSIF p_table = 'activities' THEN
    RETURN QUERY SELECT c.id FROM activities c
     WHERE c.org_id = v_org AND c.subject ILIKE p_anchor
       AND NOT EXISTS (SELECT 1 FROM unnest(p_patterns) AS p(pattern) WHERE NOT (c.subject ILIKE p.pattern));
  END IF;
END
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_search;--> statement-breakpoint
ALTER FUNCTION list_match_ids(text, text, text[]) OWNER TO pulse_search;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_search;--> statement-breakpoint
REVOKE ALL ON FUNCTION list_match_ids(text, text, text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION list_match_ids(text, text, text[]) TO pulse_app;
