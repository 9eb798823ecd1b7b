CREATE TABLE "record_counts" (
	"org_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "record_counts_org_id_entity_pk" PRIMARY KEY("org_id","entity")
);
--> statement-breakpoint
ALTER TABLE "record_counts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "record_counts" ADD CONSTRAINT "record_counts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "record_counts" AS PERMISSIVE FOR ALL TO public USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);