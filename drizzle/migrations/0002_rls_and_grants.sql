-- Table owners skip RLS unless it is forced; every tenant table forces it.
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "companies" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "contacts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "pipelines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "deals" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "activities" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_logs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The runtime role reads and writes rows (RLS decides which); it owns nothing and changes no schema.
GRANT USAGE ON SCHEMA public TO pulse_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pulse_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pulse_app;--> statement-breakpoint
-- Audit entries are append-only for the application (pseudonymisation gets its own function later).
REVOKE UPDATE, DELETE ON "audit_logs" FROM pulse_app;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
GRANT SELECT ON "users" TO pulse_auth;--> statement-breakpoint
-- Sign-in: the one cross-tenant read. Returns the single account for an email, nothing else.
CREATE OR REPLACE FUNCTION auth_find_login(p_email text)
RETURNS TABLE (org_id uuid, user_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT u.org_id, u.id, u.password_hash FROM users u WHERE u.email = lower(p_email) LIMIT 1
$$;--> statement-breakpoint
-- A new owner needs CREATE on the schema (PostgreSQL 15 no longer grants it to PUBLIC); only for the hand-over.
GRANT CREATE ON SCHEMA public TO pulse_auth;--> statement-breakpoint
ALTER FUNCTION auth_find_login(text) OWNER TO pulse_auth;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM pulse_auth;--> statement-breakpoint
REVOKE ALL ON FUNCTION auth_find_login(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_find_login(text) TO pulse_app;
