-- Custom migration: the count of signed-in sessions for GET /metrics. Like auth_find_login
-- (0002) it reads across tenants, so it is a SECURITY DEFINER function owned by pulse_auth
-- (which may read refresh_tokens, and nothing it may not), and it returns one number — no
-- row, id or token of any organization. Only the runtime role may call it.
-- A session is a refresh-token family whose current (not yet rotated) token is neither
-- revoked nor expired; refresh_tokens_live_idx (0015) holds exactly those rows.
CREATE OR REPLACE FUNCTION metrics_active_sessions()
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT count(*) FROM refresh_tokens
  WHERE rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION metrics_active_sessions() OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION metrics_active_sessions() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION metrics_active_sessions() TO pulse_app;
