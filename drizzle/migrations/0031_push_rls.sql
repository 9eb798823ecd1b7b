-- Custom migration: row-level security for push_subscriptions (0030), the dispatcher's
-- cross-tenant read of organizations with pushes to queue, and the release of a device's
-- endpoint from another organization when a person there subscribes it here.
ALTER TABLE "push_subscriptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "push_subscriptions" TO pulse_app;--> statement-breakpoint
GRANT SELECT, DELETE ON "push_subscriptions" TO pulse_jobs;--> statement-breakpoint
CREATE POLICY "jobs_lookup" ON "push_subscriptions" AS PERMISSIVE FOR SELECT TO "pulse_jobs" USING (true);--> statement-breakpoint
CREATE POLICY "jobs_release" ON "push_subscriptions" AS PERMISSIVE FOR DELETE TO "pulse_jobs" USING (true);--> statement-breakpoint
-- Organizations with a push of a notification to queue: never queued, or queued so long ago
-- that its job must have been lost, at most 3 attempts.
CREATE OR REPLACE FUNCTION jobs_pending_push_orgs(p_requeue_after interval)
RETURNS TABLE (org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT DISTINCT n.org_id FROM notifications n
   WHERE n.push_state = 'pending' AND n.push_attempts < 3
     AND (n.push_queued_at IS NULL OR n.push_queued_at < now() - p_requeue_after)
$$;--> statement-breakpoint
-- A device (its endpoint, a capability URL only that browser knows) is one person's: whoever
-- subscribes it takes it from any other organization. Answers how many were released.
CREATE OR REPLACE FUNCTION push_subscription_release(p_endpoint text, p_org_id uuid)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  WITH gone AS (
    DELETE FROM push_subscriptions WHERE endpoint = p_endpoint AND org_id <> p_org_id RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION jobs_pending_push_orgs(interval) OWNER TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION push_subscription_release(text, uuid) OWNER TO pulse_jobs;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_jobs;--> statement-breakpoint
REVOKE ALL ON FUNCTION jobs_pending_push_orgs(interval) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION push_subscription_release(text, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jobs_pending_push_orgs(interval) TO pulse_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION push_subscription_release(text, uuid) TO pulse_app;
