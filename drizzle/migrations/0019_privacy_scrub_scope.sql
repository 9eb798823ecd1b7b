-- Custom migration: an erasure scrubs the person's single names (and email local part) only
-- from texts about them. 0018's privacy_pseudonymise_audit scrubs every value it is given
-- from every audit entry of the tenant, so the erasure now hands it only the values that
-- identify the person anywhere (full name, email, phone) — otherwise erasing one Anna would
-- blank the first name in the history of every other Anna. The records that were linked to
-- the person (their deals) have their audit entries scrubbed of all the person's values by
-- this function, under the same guard.
CREATE OR REPLACE FUNCTION privacy_scrub_audit_of(p_entity_ids uuid[], p_values text[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_count integer;
BEGIN
  IF v_org IS NULL THEN
    RAISE EXCEPTION 'privacy_scrub_audit_of needs a tenant';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = v_org AND e.created_at = now()) THEN
    RAISE EXCEPTION 'privacy_scrub_audit_of runs only within a recorded erasure';
  END IF;
  UPDATE audit_logs a SET changes = privacy_scrub_text(a.changes::text, p_values)::jsonb
   WHERE a.org_id = v_org AND a.entity_id = ANY(p_entity_ids) AND a.changes IS NOT NULL
     AND privacy_scrub_text(a.changes::text, p_values) <> a.changes::text;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION privacy_scrub_audit_of(uuid[], text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION privacy_scrub_audit_of(uuid[], text[]) TO pulse_app;
