-- Batches (issue 10): up to 100 novels submitted in one request, with shared options. Each novel is
-- an ordinary task that also records its batch; a batch's status and progress are read from its
-- tasks, so nothing about them is stored twice.
CREATE TABLE "task_batches" (
  "id" TEXT NOT NULL,
  "user_id" UUID NOT NULL,
  "title" TEXT NOT NULL,
  "task_count" INTEGER NOT NULL,
  "idempotency_key" TEXT,
  "idempotency_hash" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "task_batches_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "task_batches_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "task_batches_id_format" CHECK ("id" ~ '^batch_[0-9A-HJKMNP-TV-Z]{26}$')
);
CREATE UNIQUE INDEX "task_batches_user_id_idempotency_key_key" ON "task_batches" ("user_id", "idempotency_key");
CREATE INDEX "task_batches_user_id_id_idx" ON "task_batches" ("user_id", "id" DESC);

ALTER TABLE "script_tasks" ADD COLUMN "batch_id" TEXT;
ALTER TABLE "script_tasks" ADD CONSTRAINT "script_tasks_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "task_batches" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "script_tasks_batch_id_idx" ON "script_tasks" ("batch_id");
