-- Roles are cluster-wide: another database in the same cluster may have created them already.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_app') THEN
    CREATE ROLE pulse_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_auth') THEN
    CREATE ROLE pulse_auth NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
-- The migrating role switches to pulse_app per transaction and owns functions as pulse_auth.
GRANT pulse_app TO CURRENT_USER;
--> statement-breakpoint
GRANT pulse_auth TO CURRENT_USER;
