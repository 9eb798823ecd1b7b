-- Custom migration: row-level security for the import tables (as 0002/0007), and the
-- recovery of imports whose server died while running them.
ALTER TABLE "imports" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_chunks" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_records" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_errors" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "imports", "import_chunks", "import_records", "import_errors" TO pulse_app;--> statement-breakpoint
-- A running import's runner refreshes heartbeat_at every few seconds; one whose heartbeat
-- is older than p_stale_seconds has lost its server (crash, SIGKILL, deploy) and becomes
-- interrupted, to be resumed or undone. It crosses tenants (a server sweeps them all), so
-- it is a SECURITY DEFINER function owned by pulse_auth, which may update imports and
-- nothing else new; it returns a count, no row of any organization.
GRANT SELECT, UPDATE ON "imports" TO pulse_auth;--> statement-breakpoint
CREATE OR REPLACE FUNCTION imports_mark_interrupted(p_stale_seconds integer)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  WITH stale AS (
    UPDATE imports SET status = 'interrupted', updated_at = now()
    WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => p_stale_seconds))
    RETURNING 1
  )
  SELECT count(*)::integer FROM stale
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION imports_mark_interrupted(integer) OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION imports_mark_interrupted(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION imports_mark_interrupted(integer) TO pulse_app;
--> statement-breakpoint
-- Imports look companies up by name or web domain per batch; these keep that an index probe.
CREATE INDEX IF NOT EXISTS "companies_org_lower_name_idx" ON "companies" ("org_id", lower("name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_org_domain_idx" ON "companies" ("org_id", lower(substring("website" from '^(?:https?://)?(?:www\.)?([^/:?#]+)')));
