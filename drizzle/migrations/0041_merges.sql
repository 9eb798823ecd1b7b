CREATE TABLE "merges" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"entity" text NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_ids" uuid[] NOT NULL,
	"actor_id" uuid,
	"actor_type" text DEFAULT 'user' NOT NULL,
	"snapshot" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	CONSTRAINT "merges_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "merges" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "merges" ADD CONSTRAINT "merges_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "merges_org_survivor_idx" ON "merges" USING btree ("org_id","entity","survivor_id","created_at");--> statement-breakpoint
CREATE INDEX "merges_merged_ids_idx" ON "merges" USING gin ("merged_ids");--> statement-breakpoint
CREATE INDEX "merges_snapshot_created_idx" ON "merges" USING btree ("created_at") WHERE "merges"."snapshot" is not null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "merges" AS PERMISSIVE FOR ALL TO public USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);