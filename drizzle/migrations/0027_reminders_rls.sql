-- Custom migration: row-level security for the reminder and notification tables of 0026,
-- and the dispatcher's two cross-tenant reads, which name organizations and nothing else.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_jobs') THEN
    CREATE ROLE pulse_jobs NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;--> statement-breakpoint
GRANT pulse_jobs TO CURRENT_USER;--> statement-breakpoint
ALTER TABLE "activity_reminders" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notifications" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "activity_reminders", "notifications" TO pulse_app;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
GRANT SELECT ON "activity_reminders", "notifications" TO pulse_jobs;--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "activity_reminders" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "notifications" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
-- Organizations with a reminder due now and not yet fired (the partial index on remind_at).
CREATE OR REPLACE FUNCTION jobs_due_reminder_orgs()
RETURNS TABLE (org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT r.org_id FROM activity_reminders r WHERE r.fired_at IS NULL AND r.remind_at <= now()
$$;--> statement-breakpoint
-- Organizations with an email of a notification to queue: never queued, or queued so long
-- ago that its job must have been lost (a crash between commit and queueing), at most 3 times.
CREATE OR REPLACE FUNCTION jobs_pending_email_orgs(p_requeue_after interval)
RETURNS TABLE (org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT n.org_id FROM notifications n
   WHERE n.email_state = 'pending' AND n.email_attempts < 3
     AND (n.email_queued_at IS NULL OR n.email_queued_at < now() - p_requeue_after)
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION jobs_due_reminder_orgs() OWNER TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION jobs_pending_email_orgs(interval) OWNER TO pulse_jobs;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_jobs;--> statement-breakpoint
REVOKE ALL ON FUNCTION jobs_due_reminder_orgs() FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION jobs_pending_email_orgs(interval) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jobs_due_reminder_orgs() TO pulse_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jobs_pending_email_orgs(interval) TO pulse_app;
