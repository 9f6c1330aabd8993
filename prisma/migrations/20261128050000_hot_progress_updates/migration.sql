-- Progress writes change progress, stage, message, estimated_time and updated_at several times a
-- second per running task. With no index on any of those columns, and room left on each page,
-- Postgres can apply them as HOT updates (no index writes). The orphan sweep needs only status;
-- the per-user submit limits count recent tasks by (user_id, created_at).
DROP INDEX "script_tasks_status_updated_at_idx";
CREATE INDEX "script_tasks_status_idx" ON "script_tasks" ("status");
CREATE INDEX "script_tasks_user_id_created_at_idx" ON "script_tasks" ("user_id", "created_at");
ALTER TABLE "script_tasks" SET (fillfactor = 80);
