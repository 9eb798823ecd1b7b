ALTER TABLE "companies" ADD COLUMN "domain_key" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "email_key" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone_key" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "name_key" text;--> statement-breakpoint
CREATE INDEX "companies_org_domain_key_idx" ON "companies" USING btree ("org_id","domain_key") WHERE "companies"."domain_key" is not null;--> statement-breakpoint
CREATE INDEX "companies_org_name_key_idx" ON "companies" USING btree ("org_id","name_key") WHERE "companies"."name_key" is not null;--> statement-breakpoint
CREATE INDEX "contacts_org_email_key_idx" ON "contacts" USING btree ("org_id","email_key") WHERE "contacts"."email_key" is not null;--> statement-breakpoint
CREATE INDEX "contacts_org_phone_key_idx" ON "contacts" USING btree ("org_id","phone_key") WHERE "contacts"."phone_key" is not null;--> statement-breakpoint
CREATE INDEX "contacts_org_name_key_idx" ON "contacts" USING btree ("org_id","name_key") WHERE "contacts"."name_key" is not null;