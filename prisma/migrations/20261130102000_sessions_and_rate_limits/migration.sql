-- Revocable sessions: every session cookie carries the user's session_version from when it was
-- issued; sign-out (and, later, a password change or an admin action) bumps it, and each request
-- compares (lib/auth/sessions.ts). email_verified_at: a password account's e-mail is unverified
-- until something proves it; an SSO sign-in never joins an account whose e-mail is unverified.
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "email_verified_at" TIMESTAMPTZ(3);

-- One row per counted action (sign-up per IP, cancel and re-run per user), counted over a sliding
-- window by every web process (lib/limits/hits.ts); old rows are pruned as new ones are written.
CREATE TABLE "rate_limit_hits" (
  "id" BIGSERIAL NOT NULL,
  "bucket" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "rate_limit_hits_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "rate_limit_hits_bucket_key_created_at_idx" ON "rate_limit_hits" ("bucket", "key", "created_at");
CREATE INDEX "rate_limit_hits_created_at_idx" ON "rate_limit_hits" ("created_at");
