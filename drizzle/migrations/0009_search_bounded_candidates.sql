-- Custom migration: search_records() with bounded work. Ranking every match made a
-- common word in a large tenant cost as much as the tenant (every "GmbH", every row of
-- a shared e-mail domain). Now each kind ranks a pool of at most 200 candidates: rows
-- containing the text (found along the trigram index, read until the pool is full) and,
-- only when those are fewer than asked for, fuzzy matches for typos. Same signature,
-- same guarantees: the tenant comes from app.org_id, never from an argument.
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
    SELECT c.id, (c.name || ' ' || coalesce(c.website, '')) AS v FROM companies c
     WHERE c.org_id = v_org AND (c.name || ' ' || coalesce(c.website, '')) ILIKE v_pattern
     LIMIT v_pool
  ), fuzzy_hits AS (
    SELECT c.id, (c.name || ' ' || coalesce(c.website, '')) AS v FROM companies c
     WHERE c.org_id = v_org AND p_query <% (c.name || ' ' || coalesce(c.website, ''))
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
$$;
