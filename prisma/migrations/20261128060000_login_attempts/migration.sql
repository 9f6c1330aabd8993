-- Failed sign-ins (next-auth Credentials and POST /api/tokens with email + password), counted per
-- email and per client IP over a sliding window by every web process (lib/auth/login-limit.ts).
-- A success deletes the email's rows; rows older than a day are deleted as new ones are written.
CREATE TABLE "login_attempts" (
  "id" BIGSERIAL NOT NULL,
  "email" TEXT NOT NULL,
  "ip" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "login_attempts_email_created_at_idx" ON "login_attempts" ("email", "created_at");
CREATE INDEX "login_attempts_ip_created_at_idx" ON "login_attempts" ("ip", "created_at");
CREATE INDEX "login_attempts_created_at_idx" ON "login_attempts" ("created_at");
