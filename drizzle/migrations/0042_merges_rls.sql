-- Custom migration: row-level security for merges (0036), the privacy task's drop of undo
-- snapshots past their 30 days (across organizations), and the erasure of the consent
-- entries of contacts merged into an erased one.
ALTER TABLE "merges" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "merges" TO pulse_app;--> statement-breakpoint
GRANT SELECT, UPDATE ("snapshot") ON "merges" TO pulse_jobs;--> statement-breakpoint
CREATE POLICY "jobs_expire" ON "merges" AS PERMISSIVE FOR ALL TO "pulse_jobs" USING (true) WITH CHECK (true);--> statement-breakpoint
-- Drops the undo snapshots (the merged-away records' values) of merges older than p_age;
-- the merge rows stay, so merged-away ids keep pointing at their survivor. Answers how many.
CREATE OR REPLACE FUNCTION merges_expire(p_age interval)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  WITH gone AS (
    UPDATE merges SET snapshot = NULL WHERE snapshot IS NOT NULL AND created_at <= now() - p_age RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION merges_expire(interval) OWNER TO pulse_jobs;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_jobs;--> statement-breakpoint
REVOKE ALL ON FUNCTION merges_expire(interval) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION merges_expire(interval) TO pulse_app;--> statement-breakpoint
-- Consent entries of contacts merged into an erased one: only within that recorded erasure,
-- and only of contacts that were merged away (not live ones).
CREATE OR REPLACE FUNCTION privacy_erase_merged_consents(p_contact_id uuid, p_merged_ids uuid[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_count integer;
BEGIN
  IF v_org IS NULL THEN
    RAISE EXCEPTION 'privacy_erase_merged_consents needs a tenant';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = v_org AND e.contact_id = p_contact_id AND e.created_at = now()) THEN
    RAISE EXCEPTION 'privacy_erase_merged_consents runs only within the recorded erasure of that contact';
  END IF;
  DELETE FROM consents c
   WHERE c.org_id = v_org AND c.contact_id = ANY(p_merged_ids)
     AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.org_id = v_org AND k.id = c.contact_id)
     AND EXISTS (SELECT 1 FROM merges m WHERE m.org_id = v_org AND m.entity = 'contact' AND m.undone_at IS NULL AND c.contact_id = ANY(m.merged_ids));
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION privacy_erase_merged_consents(uuid, uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION privacy_erase_merged_consents(uuid, uuid[]) TO pulse_app;
