-- Shortplay's first schema: users, API tokens, tasks with their inputs, events and checkpoints,
-- and live workers. Written by hand to match prisma/schema.prisma (the drift test checks).

CREATE TYPE "user_role" AS ENUM ('user', 'admin');
CREATE TYPE "user_tier" AS ENUM ('standard', 'vip');
CREATE TYPE "task_status" AS ENUM ('pending', 'processing', 'completed', 'failed', 'cancelled');

CREATE TABLE "users" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "email" TEXT NOT NULL,
  "password_hash" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "role" "user_role" NOT NULL DEFAULT 'user',
  "tier" "user_tier" NOT NULL DEFAULT 'standard',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "users_email_lower" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");

CREATE TABLE "api_tokens" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "prefix" TEXT NOT NULL,
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens" ("token_hash");
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens" ("user_id");

CREATE TABLE "script_tasks" (
  "id" TEXT NOT NULL,
  "user_id" UUID NOT NULL,
  "title" TEXT NOT NULL,
  "status" "task_status" NOT NULL DEFAULT 'pending',
  "progress" INTEGER NOT NULL DEFAULT 0,
  "stage" TEXT,
  "message" TEXT NOT NULL,
  "options" JSONB NOT NULL DEFAULT '{}',
  "novel_content_length" INTEGER NOT NULL,
  "priority" INTEGER NOT NULL DEFAULT 0,
  "attempts" INTEGER NOT NULL DEFAULT 1,
  "error_code" TEXT,
  "error_message" TEXT,
  "error_retryable" BOOLEAN,
  "result" JSONB,
  "estimated_time" INTEGER,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "started_at" TIMESTAMPTZ(3),
  "finished_at" TIMESTAMPTZ(3),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "cancel_requested_at" TIMESTAMPTZ(3),
  "idempotency_key" TEXT,
  "idempotency_hash" TEXT,
  "job_id" UUID,
  "run_id" UUID,
  "worker_id" TEXT,
  CONSTRAINT "script_tasks_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "script_tasks_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "script_tasks_progress_range" CHECK ("progress" BETWEEN 0 AND 100),
  CONSTRAINT "script_tasks_id_format" CHECK ("id" ~ '^task_[0-9A-HJKMNP-TV-Z]{26}$')
);
CREATE UNIQUE INDEX "script_tasks_user_id_idempotency_key_key" ON "script_tasks" ("user_id", "idempotency_key");
CREATE INDEX "script_tasks_user_id_id_idx" ON "script_tasks" ("user_id", "id" DESC);
CREATE INDEX "script_tasks_user_id_status_id_idx" ON "script_tasks" ("user_id", "status", "id" DESC);
CREATE INDEX "script_tasks_status_updated_at_idx" ON "script_tasks" ("status", "updated_at");

CREATE TABLE "task_inputs" (
  "task_id" TEXT NOT NULL,
  "content" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "task_inputs_pkey" PRIMARY KEY ("task_id"),
  CONSTRAINT "task_inputs_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "script_tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "task_events" (
  "id" BIGSERIAL NOT NULL,
  "task_id" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "data" JSONB NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "task_events_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "task_events_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "script_tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "task_events_task_id_id_idx" ON "task_events" ("task_id", "id");

CREATE TABLE "task_checkpoints" (
  "task_id" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "value" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "task_checkpoints_pkey" PRIMARY KEY ("task_id", "key"),
  CONSTRAINT "task_checkpoints_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "script_tasks" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "workers" (
  "id" TEXT NOT NULL,
  "hostname" TEXT NOT NULL,
  "pid" INTEGER NOT NULL,
  "concurrency" INTEGER NOT NULL,
  "running" INTEGER NOT NULL DEFAULT 0,
  "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "workers_pkey" PRIMARY KEY ("id")
);
