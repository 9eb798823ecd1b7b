-- Custom migration: notifications are personal data of their recipient, kept only as long
-- as they serve: read ones 90 days, any one a year. The privacy task calls this across
-- organizations; it deletes and answers a count, nothing else.
GRANT DELETE ON "notifications" TO pulse_jobs;--> statement-breakpoint
CREATE POLICY "jobs_expire" ON "notifications" AS PERMISSIVE FOR DELETE TO "pulse_jobs" USING (true);--> statement-breakpoint
CREATE OR REPLACE FUNCTION notifications_expire(p_read interval, p_any interval)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  WITH gone AS (
    DELETE FROM notifications
     WHERE created_at < now() - p_any OR (read_at IS NOT NULL AND created_at < now() - p_read)
    RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_jobs;--> statement-breakpoint
ALTER FUNCTION notifications_expire(interval, interval) OWNER TO pulse_jobs;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_jobs;--> statement-breakpoint
REVOKE ALL ON FUNCTION notifications_expire(interval, interval) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION notifications_expire(interval, interval) TO pulse_app;
