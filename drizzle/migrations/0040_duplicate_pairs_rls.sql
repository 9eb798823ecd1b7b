-- Custom migration: row-level security for the duplicate scan's tables and the import
-- matches (0036), and the scan job's one cross-tenant read: which organizations have work
-- (records queued for a rescan, or a first full scan not yet done). It names organizations
-- and nothing else.
ALTER TABLE "duplicate_pairs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "duplicate_scan_queue" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "duplicate_scans" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_matches" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "duplicate_pairs", "duplicate_scan_queue", "duplicate_scans", "import_matches" TO pulse_app;--> statement-breakpoint
GRANT SELECT ON "duplicate_scan_queue", "duplicate_scans" TO pulse_jobs;--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "duplicate_scan_queue" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "duplicate_scans" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
CREATE OR REPLACE FUNCTION jobs_duplicate_scan_orgs()
RETURNS TABLE (org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT q.org_id FROM (SELECT DISTINCT org_id FROM duplicate_scan_queue) AS q
  UNION
  SELECT o.id FROM organizations o
   WHERE (SELECT count(*) FROM duplicate_scans s WHERE s.org_id = o.id AND s.completed_at IS NOT NULL) < 2
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION jobs_duplicate_scan_orgs() OWNER TO pulse_jobs;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_jobs;--> statement-breakpoint
REVOKE ALL ON FUNCTION jobs_duplicate_scan_orgs() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jobs_duplicate_scan_orgs() TO pulse_app;
