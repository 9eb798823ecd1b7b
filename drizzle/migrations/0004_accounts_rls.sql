ALTER TABLE "refresh_tokens" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "password_resets" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT ON "refresh_tokens", "invitations", "password_resets", "api_keys" TO pulse_auth;--> statement-breakpoint
-- A presented secret (refresh token, API key, invitation or reset token) names no tenant.
-- This returns the organization its SHA-256 hash belongs to, and nothing else; all
-- further work then runs inside that tenant under RLS.
CREATE OR REPLACE FUNCTION auth_token_org(p_kind text, p_hash text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT CASE p_kind
    WHEN 'refresh' THEN (SELECT org_id FROM refresh_tokens WHERE token_hash = p_hash)
    WHEN 'api_key' THEN (SELECT org_id FROM api_keys WHERE key_hash = p_hash)
    WHEN 'invitation' THEN (SELECT org_id FROM invitations WHERE token_hash = p_hash)
    WHEN 'password_reset' THEN (SELECT org_id FROM password_resets WHERE token_hash = p_hash)
  END
$$;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION auth_token_org(text, text) OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_token_org(text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_token_org(text, text) TO pulse_app;
