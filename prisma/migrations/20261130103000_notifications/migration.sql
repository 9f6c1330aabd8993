-- Notifications (issue 9, docs/decisions/0130): per-user settings, the outbox written in the same
-- statement as a task's terminal state, one delivery row per channel and target, and webhook
-- endpoints. lib/notify owns every table here.
CREATE TABLE "notification_settings" (
  "user_id" UUID NOT NULL,
  -- {"task.completed": ["email", …], "task.failed": […]}; no row → the defaults (lib/notify/settings.ts)
  "events" JSONB NOT NULL DEFAULT '{}',
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("user_id"),
  CONSTRAINT "notification_settings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

-- One row per event that may notify someone, written by lib/tasks' terminal statements; the
-- worker's relay fans it out into deliveries and marks it dispatched.
CREATE TABLE "notification_outbox" (
  "id" BIGSERIAL NOT NULL,
  "user_id" UUID NOT NULL,
  "event" TEXT NOT NULL,
  "task_id" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "dispatched_at" TIMESTAMPTZ(3),
  CONSTRAINT "notification_outbox_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "notification_outbox_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "notification_outbox_dispatched_at_idx" ON "notification_outbox" ("dispatched_at");

-- One message to one target on one channel. Its id is the stable id receivers deduplicate on
-- (webhook-id); retried with backoff until delivered or failed for good.
CREATE TABLE "notification_deliveries" (
  "id" UUID NOT NULL,
  "user_id" UUID,
  "dedupe_key" TEXT NOT NULL,
  "channel" TEXT NOT NULL,
  "event" TEXT NOT NULL,
  "target" JSONB NOT NULL,
  "payload" JSONB NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'pending',
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "max_attempts" INTEGER NOT NULL,
  "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_response" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "delivered_at" TIMESTAMPTZ(3),
  CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "notification_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed')),
  CONSTRAINT "notification_deliveries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "notification_deliveries_dedupe_key_key" ON "notification_deliveries" ("dedupe_key");
CREATE INDEX "notification_deliveries_user_id_created_at_idx" ON "notification_deliveries" ("user_id", "created_at");
CREATE INDEX "notification_deliveries_status_next_attempt_at_idx" ON "notification_deliveries" ("status", "next_attempt_at");

CREATE TABLE "webhook_endpoints" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "url" TEXT NOT NULL,
  -- ["task.completed", …]
  "events" JSONB NOT NULL,
  -- whsec_…: shown once at creation; the sender needs it to sign.
  "secret" TEXT NOT NULL,
  "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
  "disabled_at" TIMESTAMPTZ(3),
  "disabled_reason" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_endpoints_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX "webhook_endpoints_user_id_idx" ON "webhook_endpoints" ("user_id");
