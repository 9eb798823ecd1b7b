-- Custom migration: the check behind every signed-in request (0022, 0024) also says whether
-- the person must set up a second factor first: their organization's policy
-- (settings.mfaPolicy: `admins` covers owners and admins, `everyone` all) covers them and they
-- have no confirmed authenticator app. Until then their session may only do that
-- (server/utils/route.ts). Still one statement; the owner of the function may now read the
-- organization's settings and whether an app is confirmed, nothing else of either table.
GRANT SELECT ON "organizations", "mfa_totp" TO pulse_auth;--> statement-breakpoint
CREATE POLICY "auth_lookup" ON "organizations" AS PERMISSIVE FOR SELECT TO "pulse_auth" USING (true);--> statement-breakpoint
CREATE POLICY "auth_lookup" ON "mfa_totp" AS PERMISSIVE FOR SELECT TO "pulse_auth" USING (true);--> statement-breakpoint
DROP FUNCTION IF EXISTS auth_session_user(uuid, uuid, uuid);--> statement-breakpoint
CREATE FUNCTION auth_session_user(p_org uuid, p_user uuid, p_session uuid)
RETURNS TABLE (role user_role, sessions_valid_after timestamptz, session_live boolean, mfa_enrolment_due boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT u.role, u.sessions_valid_after, EXISTS (
    SELECT 1 FROM refresh_tokens r
    WHERE r.org_id = p_org AND r.family_id = p_session AND r.user_id = p_user AND r.revoked_at IS NULL
  ), (
    (o.settings->>'mfaPolicy' = 'everyone' OR (o.settings->>'mfaPolicy' = 'admins' AND u.role IN ('owner', 'admin')))
    AND NOT EXISTS (
      SELECT 1 FROM mfa_totp t WHERE t.org_id = p_org AND t.user_id = p_user AND t.confirmed_at IS NOT NULL
    )
  )
  FROM users u JOIN organizations o ON o.id = u.org_id
  WHERE u.org_id = p_org AND u.id = p_user
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION auth_session_user(uuid, uuid, uuid) OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_session_user(uuid, uuid, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_session_user(uuid, uuid, uuid) TO pulse_app;
