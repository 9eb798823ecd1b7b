-- Custom migration: the check behind every signed-in request (0022) also asks whether the
-- token's session is still live. An access token now names its session (the `sid` claim:
-- its refresh-token family); signing out of one device or a reuse alarm revokes that family,
-- and from the next request on its access tokens are refused too, instead of answering
-- until they expire. Live means the family has a token that is not revoked (a revocation
-- marks every token of the family; none is minted into it afterwards). Still one statement,
-- through the family's index (refresh_tokens_org_family_idx). The two-argument version is
-- dropped: every access token the server signs names its session.
DROP FUNCTION IF EXISTS auth_session_user(uuid, uuid);--> statement-breakpoint
CREATE FUNCTION auth_session_user(p_org uuid, p_user uuid, p_session uuid)
RETURNS TABLE (role user_role, sessions_valid_after timestamptz, session_live boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT u.role, u.sessions_valid_after, EXISTS (
    SELECT 1 FROM refresh_tokens r
    WHERE r.org_id = p_org AND r.family_id = p_session AND r.user_id = p_user AND r.revoked_at IS NULL
  )
  FROM users u WHERE u.org_id = p_org AND u.id = p_user
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION auth_session_user(uuid, uuid, uuid) OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_session_user(uuid, uuid, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_session_user(uuid, uuid, uuid) TO pulse_app;
