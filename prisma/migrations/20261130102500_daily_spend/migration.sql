-- What model calls cost, per user per UTC day (lib/llm/daily-spend.ts): the worker adds each
-- finished call's tokens and cost, and checks the user's row and the day's sum before every call
-- (LLM_USER_DAILY_MAX_COST_USD, LLM_SERVER_DAILY_MAX_COST_USD). No foreign key: a deleted user's
-- spend still counts towards the server's day.
CREATE TABLE "daily_spend" (
  "day" DATE NOT NULL,
  "user_id" TEXT NOT NULL,
  "tokens" BIGINT NOT NULL DEFAULT 0,
  "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "daily_spend_pkey" PRIMARY KEY ("day", "user_id")
);
