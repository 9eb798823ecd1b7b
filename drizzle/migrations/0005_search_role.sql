-- Custom migration: the owner of the search function, and the extensions search needs.
-- Roles are cluster-wide, hence the guard (see 0000_roles).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pulse_search') THEN
    CREATE ROLE pulse_search NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
GRANT pulse_search TO CURRENT_USER;
--> statement-breakpoint
-- Trigram matching for typo-tolerant search; btree_gin lets one GIN index lead with org_id.
-- Both are trusted extensions: a database owner may create them without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
