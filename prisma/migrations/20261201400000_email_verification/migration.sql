-- E-mail verification at sign-up (issue 12, docs/decisions/0128): when SMTP is configured a
-- password sign-up must prove its address before it signs in with that password. lib/auth owns
-- both changes.

-- Set on accounts made by a password sign-up while mail could be sent; accounts from before (or
-- made without SMTP) keep signing in as they did, unverified.
ALTER TABLE "users" ADD COLUMN "email_verification_required" BOOLEAN NOT NULL DEFAULT false;

-- One row per verification link sent. The token is only in the mail; this keeps its sha256, the
-- address it proves (a link proves nothing once the account's address changed), and when it ends.
CREATE TABLE "email_verifications" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "token_hash" TEXT NOT NULL,
  "email" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "email_verifications_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "email_verifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "email_verifications_token_hash_key" ON "email_verifications" ("token_hash");
CREATE INDEX "email_verifications_user_id_idx" ON "email_verifications" ("user_id");
CREATE INDEX "email_verifications_expires_at_idx" ON "email_verifications" ("expires_at");
