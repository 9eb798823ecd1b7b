-- Custom migration: RLS and grants for the DSGVO tables of 0017, the scheduler's role, and
-- the erasure functions that may change what the runtime role may not.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_privacy') THEN
    CREATE ROLE pulse_privacy NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;--> statement-breakpoint
GRANT pulse_privacy TO CURRENT_USER;--> statement-breakpoint
ALTER TABLE "consents" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "erasures" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "retention_rules" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "retention_runs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organization_deletions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "retention_rules", "organization_deletions" TO pulse_app;--> statement-breakpoint
-- Ledgers: the runtime role reads and appends, never rewrites. Consents leave only through
-- privacy_erase_consents() below, inside a recorded erasure.
GRANT SELECT, INSERT ON "consents", "erasures", "retention_runs" TO pulse_app;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "consents", "erasures", "retention_runs" FROM pulse_app;--> statement-breakpoint
-- The scheduler's one cross-tenant read: which organizations have due work. Nothing else.
-- A new rule first runs one period after it was made, so it can be previewed first.
GRANT USAGE ON SCHEMA public TO pulse_privacy;--> statement-breakpoint
GRANT SELECT ON "retention_rules", "organization_deletions" TO pulse_privacy;--> statement-breakpoint
CREATE POLICY "scheduler_lookup" ON "retention_rules" AS PERMISSIVE FOR SELECT TO "pulse_privacy" USING (true);--> statement-breakpoint
CREATE POLICY "scheduler_lookup" ON "organization_deletions" AS PERMISSIVE FOR SELECT TO "pulse_privacy" USING (true);--> statement-breakpoint
CREATE OR REPLACE FUNCTION privacy_due_work(p_every interval)
RETURNS TABLE (org_id uuid, work text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT d.org_id, 'deletion'::text FROM organization_deletions d WHERE d.execute_after <= now()
  UNION
  SELECT r.org_id, 'retention'::text FROM retention_rules r
   WHERE r.enabled AND coalesce(r.last_run_at, r.created_at) <= now() - p_every
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_privacy;--> statement-breakpoint
ALTER FUNCTION privacy_due_work(interval) OWNER TO pulse_privacy;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_privacy;--> statement-breakpoint
REVOKE ALL ON FUNCTION privacy_due_work(interval) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION privacy_due_work(interval) TO pulse_app;--> statement-breakpoint
-- Every scalar of a JSON value replaced by "[erased]" (nulls stay null): the keys, i.e. which
-- fields an event changed, stay; the values do not.
CREATE OR REPLACE FUNCTION privacy_erase_leaves(p_value jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN CASE jsonb_typeof(p_value)
    WHEN 'object' THEN coalesce((SELECT jsonb_object_agg(e.key, privacy_erase_leaves(e.value)) FROM jsonb_each(p_value) e), '{}'::jsonb)
    WHEN 'array' THEN coalesce((SELECT jsonb_agg(privacy_erase_leaves(e.value)) FROM jsonb_array_elements(p_value) e), '[]'::jsonb)
    WHEN 'null' THEN p_value
    ELSE to_jsonb('[erased]'::text)
  END;
END
$$;--> statement-breakpoint
-- Each value (3 characters or more) replaced wherever it stands as a whole word, any case.
CREATE OR REPLACE FUNCTION privacy_scrub_text(p_text text, p_values text[])
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = public, pg_temp
AS $$
DECLARE
  v text;
  r text := p_text;
BEGIN
  IF r IS NULL OR p_values IS NULL THEN
    RETURN r;
  END IF;
  FOREACH v IN ARRAY p_values LOOP
    -- The plain substring test first: most texts do not name the person, and it is far cheaper than the regex.
    IF v IS NOT NULL AND length(v) >= 3 AND position(lower(v) in lower(r)) > 0 THEN
      r := regexp_replace(r, '(^|[^[:alnum:]_])' || regexp_replace(v, '([^[:alnum:][:space:]])', '\\\1', 'g') || '(?=$|[^[:alnum:]_])', '\1[erased]', 'gi');
    END IF;
  END LOOP;
  RETURN r;
END
$$;--> statement-breakpoint
-- Audit entries stay append-only for the runtime role. This function pseudonymises them, and
-- only inside a transaction that has just recorded an erasure or a real retention run of the
-- transaction's own tenant: entries about the given records lose every value, and every
-- other entry of the tenant loses each erased value where it appears.
CREATE OR REPLACE FUNCTION privacy_pseudonymise_audit(p_entity_ids uuid[], p_values text[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_about integer;
  v_mentions integer;
BEGIN
  IF v_org IS NULL THEN
    RAISE EXCEPTION 'privacy_pseudonymise_audit needs a tenant';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = v_org AND e.created_at = now())
     AND NOT EXISTS (SELECT 1 FROM retention_runs r WHERE r.org_id = v_org AND r.created_at = now() AND NOT r.dry_run) THEN
    RAISE EXCEPTION 'privacy_pseudonymise_audit runs only within a recorded erasure or retention run';
  END IF;
  UPDATE audit_logs a SET changes = privacy_erase_leaves(a.changes)
   WHERE a.org_id = v_org AND a.entity_id = ANY(p_entity_ids) AND a.changes IS NOT NULL;
  GET DIAGNOSTICS v_about = ROW_COUNT;
  UPDATE audit_logs a SET changes = privacy_scrub_text(a.changes::text, p_values)::jsonb
   WHERE a.org_id = v_org AND a.changes IS NOT NULL AND privacy_scrub_text(a.changes::text, p_values) <> a.changes::text;
  GET DIAGNOSTICS v_mentions = ROW_COUNT;
  RETURN v_about + v_mentions;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION privacy_pseudonymise_audit(uuid[], text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION privacy_pseudonymise_audit(uuid[], text[]) TO pulse_app;--> statement-breakpoint
-- The one way consent records leave the ledger: the person's erasure, recorded in this transaction.
CREATE OR REPLACE FUNCTION privacy_erase_consents(p_contact_id uuid)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_count integer;
BEGIN
  IF v_org IS NULL THEN
    RAISE EXCEPTION 'privacy_erase_consents needs a tenant';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = v_org AND e.contact_id = p_contact_id AND e.created_at = now()) THEN
    RAISE EXCEPTION 'privacy_erase_consents runs only within the recorded erasure of that contact';
  END IF;
  DELETE FROM consents c WHERE c.org_id = v_org AND c.contact_id = p_contact_id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION privacy_erase_consents(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION privacy_erase_consents(uuid) TO pulse_app;
