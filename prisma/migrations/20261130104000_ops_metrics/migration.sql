-- Operations (issue 13): what the metrics page, Prometheus and alerts read, kept fast on a
-- table of millions of tasks.

-- Title search (GET /api/tasks?q=) by substring, CJK and Latin alike: trigram GIN index.
-- pg_trgm ships with PostgreSQL (the embedded 18 and Debian's 15 both have it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX script_tasks_title_trgm_idx ON script_tasks USING gin (title gin_trgm_ops);

-- Windows of the metrics page: submitted (and their wait) by created_at, finished (and their run
-- time) by finished_at; the extra columns let both be answered from the index alone. Progress
-- writes change none of these columns, so they stay HOT updates (see 20261128050000).
CREATE INDEX script_tasks_created_at_started_at_idx ON script_tasks (created_at, started_at);
CREATE INDEX script_tasks_finished_at_status_started_at_idx ON script_tasks (finished_at, status, started_at)
  WHERE finished_at IS NOT NULL;
-- The oldest waiting task (queue depth uses the existing status index).
CREATE INDEX script_tasks_pending_created_idx ON script_tasks (status, created_at) WHERE status = 'pending';

-- Per-stage processing times come from stage_completed events.
CREATE INDEX task_events_stage_completed_idx ON task_events (created_at) WHERE kind = 'stage_completed';

-- What a finished run spent, copied out of the result so per-day/per-model sums never read it.
ALTER TABLE script_tasks
  ADD COLUMN usage_model TEXT,
  ADD COLUMN usage_tokens BIGINT,
  ADD COLUMN usage_cost_usd DOUBLE PRECISION;

-- Worker process health, written with each heartbeat (alerts on memory and event-loop lag) and
-- its prom-client metrics snapshot, merged into GET /api/metrics on scrape.
ALTER TABLE workers
  ADD COLUMN rss_bytes BIGINT,
  ADD COLUMN event_loop_lag_ms DOUBLE PRECISION,
  ADD COLUMN metrics JSONB;

-- Alerts: one row per firing episode of a rule (firing → resolved), with its history.
CREATE TABLE alerts (
  id BIGSERIAL PRIMARY KEY,
  rule TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
  severity TEXT NOT NULL DEFAULT 'warning',
  summary TEXT NOT NULL,
  value DOUBLE PRECISION,
  threshold DOUBLE PRECISION,
  fired_at TIMESTAMPTZ(3) NOT NULL,
  resolved_at TIMESTAMPTZ(3),
  last_evaluated_at TIMESTAMPTZ(3) NOT NULL,
  history JSONB NOT NULL DEFAULT '[]',
  -- The rule while firing, NULL once resolved: at most one open alert per rule (the dedupe key).
  open_rule TEXT UNIQUE
);
CREATE INDEX alerts_fired_at_idx ON alerts (fired_at DESC);

-- Rule overrides saved on the admin page (ALERT_RULES is the environment's equivalent).
CREATE TABLE alert_settings (
  rule TEXT PRIMARY KEY,
  config JSONB NOT NULL,
  updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
