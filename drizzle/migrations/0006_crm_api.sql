CREATE TABLE "deal_stage_history" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"from_stage_id" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"actor_id" uuid,
	"actor_type" text DEFAULT 'user' NOT NULL,
	CONSTRAINT "deal_stage_history_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "deal_stage_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "deal_stage_history" ADD CONSTRAINT "deal_stage_history_org_id_deal_id_deals_org_id_id_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_stage_history_org_deal_idx" ON "deal_stage_history" USING btree ("org_id","deal_id","entered_at");--> statement-breakpoint
CREATE INDEX "deal_stage_history_org_stage_idx" ON "deal_stage_history" USING btree ("org_id","pipeline_id","stage_id","entered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_actor_key" ON "idempotency_keys" USING btree ("org_id","actor_id","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_org_expires_idx" ON "idempotency_keys" USING btree ("org_id","expires_at");--> statement-breakpoint
CREATE POLICY "search_lookup" ON "companies" AS PERMISSIVE FOR SELECT TO "pulse_search" USING (true);--> statement-breakpoint
CREATE POLICY "search_lookup" ON "contacts" AS PERMISSIVE FOR SELECT TO "pulse_search" USING (true);--> statement-breakpoint
CREATE POLICY "search_lookup" ON "deals" AS PERMISSIVE FOR SELECT TO "pulse_search" USING (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "deal_stage_history" AS PERMISSIVE FOR ALL TO public USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "idempotency_keys" AS PERMISSIVE FOR ALL TO public USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);