CREATE INDEX "activities_org_completed_idx" ON "activities" USING btree ("org_id","completed_at","id");--> statement-breakpoint
CREATE INDEX "activities_org_subject_idx" ON "activities" USING btree ("org_id","subject","id");--> statement-breakpoint
CREATE INDEX "activities_org_type_idx" ON "activities" USING btree ("org_id","type","id");--> statement-breakpoint
CREATE INDEX "activities_org_updated_idx" ON "activities" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "companies_org_industry_idx" ON "companies" USING btree ("org_id","industry","id");--> statement-breakpoint
CREATE INDEX "companies_org_city_idx" ON "companies" USING btree ("org_id","city","id");--> statement-breakpoint
CREATE INDEX "companies_org_country_idx" ON "companies" USING btree ("org_id","country","id");--> statement-breakpoint
CREATE INDEX "companies_org_updated_idx" ON "companies" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "contacts_org_first_name_idx" ON "contacts" USING btree ("org_id","first_name","id");--> statement-breakpoint
CREATE INDEX "contacts_org_email_sort_idx" ON "contacts" USING btree ("org_id","email","id");--> statement-breakpoint
CREATE INDEX "contacts_org_updated_idx" ON "contacts" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "deals_org_title_idx" ON "deals" USING btree ("org_id","title","id");--> statement-breakpoint
CREATE INDEX "deals_org_value_idx" ON "deals" USING btree ("org_id","value","id");--> statement-breakpoint
CREATE INDEX "deals_org_status_sort_idx" ON "deals" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "deals_org_expected_close_idx" ON "deals" USING btree ("org_id","expected_close_date","id");--> statement-breakpoint
CREATE INDEX "deals_org_closed_idx" ON "deals" USING btree ("org_id","closed_at","id");--> statement-breakpoint
CREATE INDEX "deals_org_updated_idx" ON "deals" USING btree ("org_id","updated_at","id");