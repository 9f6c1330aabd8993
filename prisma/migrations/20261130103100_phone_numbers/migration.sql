-- SMS notifications (issue 9, docs/decisions/0132): one phone number per user, usable once a
-- one-time code sent to it was entered. The code is stored hashed; sends and wrong guesses are
-- counted so codes are rate limited.
CREATE TABLE "phone_numbers" (
  "user_id" UUID NOT NULL,
  -- E.164, e.g. +8613800138000
  "phone" TEXT NOT NULL,
  "verified_at" TIMESTAMPTZ(3),
  -- sha256 of user id and code; null once used or after too many wrong guesses
  "code_hash" TEXT,
  "code_expires_at" TIMESTAMPTZ(3),
  "code_failures" INTEGER NOT NULL DEFAULT 0,
  "last_sent_at" TIMESTAMPTZ(3),
  -- codes sent since window_started_at (one hour)
  "sent_in_window" INTEGER NOT NULL DEFAULT 0,
  "window_started_at" TIMESTAMPTZ(3),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "phone_numbers_pkey" PRIMARY KEY ("user_id"),
  CONSTRAINT "phone_numbers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
