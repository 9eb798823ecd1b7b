-- Custom migration: keep record_counts exact for the listed tables. Statement-level
-- triggers with transition tables add or subtract one figure per organization and
-- statement, so a bulk insert (demo seed, CSV import) costs one upsert, not one per row.
-- The trigger runs as the caller (pulse_app inside the tenant), so RLS applies to it too.
CREATE OR REPLACE FUNCTION count_records()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO record_counts (org_id, entity, count)
    SELECT n.org_id, TG_TABLE_NAME, count(*) FROM new_rows n GROUP BY n.org_id
    ON CONFLICT (org_id, entity) DO UPDATE SET count = record_counts.count + excluded.count;
  ELSE
    UPDATE record_counts r SET count = r.count - d.n
      FROM (SELECT o.org_id, count(*) AS n FROM old_rows o GROUP BY o.org_id) d
     WHERE r.org_id = d.org_id AND r.entity = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER contacts_count_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER contacts_count_delete AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER companies_count_insert AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER companies_count_delete AFTER DELETE ON companies REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER deals_count_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER deals_count_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER activities_count_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
CREATE TRIGGER activities_count_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_records();--> statement-breakpoint
-- Existing rows, counted once while RLS is not yet forced (the owner may still see all).
INSERT INTO record_counts (org_id, entity, count)
SELECT org_id, 'contacts', count(*) FROM contacts GROUP BY org_id
UNION ALL SELECT org_id, 'companies', count(*) FROM companies GROUP BY org_id
UNION ALL SELECT org_id, 'deals', count(*) FROM deals GROUP BY org_id
UNION ALL SELECT org_id, 'activities', count(*) FROM activities GROUP BY org_id;--> statement-breakpoint
ALTER TABLE "record_counts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "record_counts" TO pulse_app;
