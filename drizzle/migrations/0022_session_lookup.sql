-- Custom migration: the check behind every signed-in request in one statement. An access
-- token names its organization and user; this answers their current role and since when the
-- user's sessions are valid, so a removed member, a changed role or an ended session take
-- effect on the next request. Like auth_find_login (0002) it is a SECURITY DEFINER function
-- owned by pulse_auth, which may read users; it returns one row for the exact (org, user)
-- pair named — nothing else of any organization. Called without a transaction, it saves the
-- request the BEGIN, set_config and COMMIT round trips of a tenant transaction of its own.
CREATE OR REPLACE FUNCTION auth_session_user(p_org uuid, p_user uuid)
RETURNS TABLE (role user_role, sessions_valid_after timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT u.role, u.sessions_valid_after FROM users u WHERE u.org_id = p_org AND u.id = p_user
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION auth_session_user(uuid, uuid) OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_session_user(uuid, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_session_user(uuid, uuid) TO pulse_app;
