-- Fair scheduling (docs/decisions/0100): the worker's claim serves users in weighted round robin.
-- One row per user who has ever been served: `pass` is the virtual time of the user's next task
-- (stride scheduling), `last_key` the virtual time of the user's last started task; the largest
-- last_key is the scheduler's clock, so a user returning from idle cannot bank credit.
CREATE TABLE "fair_shares" (
  "user_key" TEXT NOT NULL,
  "pass" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "last_key" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fair_shares_pkey" PRIMARY KEY ("user_key")
);
CREATE INDEX "fair_shares_last_key_idx" ON "fair_shares" ("last_key");

-- Priority now orders only the owner's own waiting tasks (0–10). VIP used to add 10 to it; VIP is
-- now a scheduling weight, so that bonus is taken back out of stored tasks.
UPDATE "script_tasks" t SET "priority" = t."priority" - 10
FROM "users" u WHERE u."id" = t."user_id" AND u."tier" = 'vip' AND t."priority" >= 10;
UPDATE "script_tasks" SET "priority" = LEAST(GREATEST("priority", 0), 10) WHERE "priority" NOT BETWEEN 0 AND 10;
ALTER TABLE "script_tasks" ADD CONSTRAINT "script_tasks_priority_range" CHECK ("priority" BETWEEN 0 AND 10);
-- An admin marked the task urgent: it starts before everyone's normal tasks (event `marked_urgent`).
ALTER TABLE "script_tasks" ADD COLUMN "urgent" BOOLEAN NOT NULL DEFAULT false;
