-- Custom migration: row-level security and the runtime role's rights for the second-factor
-- tables of 0036. Only the tenant policy applies: nothing reads them across organizations.
ALTER TABLE "mfa_totp" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "mfa_recovery_codes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "mfa_totp" TO pulse_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "mfa_recovery_codes" TO pulse_app;
