-- Sign-in locks are counted per account and client address in the rate-limit store (server/utils/rate-limit.ts,
-- signInThrottle), no longer per account in the users row: a lock per account alone let anyone keep a known user out.
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";