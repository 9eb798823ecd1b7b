-- Custom migration: row-level security for digest_deliveries (0032), and the digest
-- dispatcher's one cross-tenant read: which organizations have people in which time zones.
ALTER TABLE "digest_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "digest_deliveries" TO pulse_app;--> statement-breakpoint
GRANT SELECT ON "users", "organizations" TO pulse_jobs;--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "users" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "organizations" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
-- Each organization with the effective time zones of its people (their own, else the organization's).
CREATE OR REPLACE FUNCTION jobs_digest_zones()
RETURNS TABLE (org_id uuid, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT u.org_id, coalesce(u.time_zone, o.time_zone) FROM users u JOIN organizations o ON o.id = u.org_id
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION jobs_digest_zones() OWNER TO pulse_jobs;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_jobs;--> statement-breakpoint
REVOKE ALL ON FUNCTION jobs_digest_zones() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jobs_digest_zones() TO pulse_app;
