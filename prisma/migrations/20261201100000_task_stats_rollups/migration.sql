-- Rollups of the metrics report (issue 13, docs/decisions/0142): per hour and per UTC day, the
-- sums the report needs, so a 30-day window reads a few hundred small rows instead of every task.
--
-- A row is the contribution of the task table's CURRENT rows to one period of one dimension:
--   created  (hour)       tasks created: n, and a histogram of their wait (started − created)
--   ended    (hour)       tasks finished: completed / failed / cancelled, histogram of run time
--                         (started → finished) of the completed
--   user     (hour, day)  per owner, tasks created: n, tokens, cost_usd
--   code     (hour, day)  per error code, failed tasks: n, example (a recent message)
--   model    (hour, day)  per model, finished tasks that spent tokens: n, tokens, cost_usd
--   stage    (hour, day)  per stage, stage_completed events: n, histogram of their ms
-- Histograms: JSONB {bucket: count}; bucket 0 holds durations under 1 ms, bucket b ≥ 1 holds
-- [2^((b−1)/8), 2^(b/8)) ms (eight buckets per doubling, task_stats_bucket).
--
-- Triggers keep the rows exact in the same transaction as every write to script_tasks and
-- task_events: an update subtracts the old row's contribution and adds the new one, so a re-run
-- (finished_at back to NULL), a cancel or a deleted task moves or removes its counts and nothing
-- is counted twice. task_stats_compute derives the same rows from the base tables; it backfills
-- here and serves the ragged edges of a window that are not whole periods.
CREATE TABLE task_stats (
  dim TEXT NOT NULL,
  grain TEXT NOT NULL CHECK (grain IN ('hour', 'day')),
  period_start TIMESTAMPTZ NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  n BIGINT NOT NULL DEFAULT 0,
  completed BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  cancelled BIGINT NOT NULL DEFAULT 0,
  tokens BIGINT NOT NULL DEFAULT 0,
  cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
  hist JSONB NOT NULL DEFAULT '{}',
  example TEXT,
  PRIMARY KEY (dim, grain, period_start, key)
);

CREATE FUNCTION task_stats_bucket(ms DOUBLE PRECISION) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms IS NULL THEN NULL WHEN ms < 1 THEN 0
    ELSE LEAST(floor(8 * ln(ms) / ln(2))::int + 1, 400) END
$$;

CREATE FUNCTION task_stats_hist_add(h JSONB, bucket INTEGER, delta BIGINT) RETURNS JSONB
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN bucket IS NULL OR delta = 0 THEN h
    WHEN COALESCE((h ->> bucket::text)::bigint, 0) + delta = 0 THEN h - bucket::text
    ELSE h || jsonb_build_object(bucket::text, COALESCE((h ->> bucket::text)::bigint, 0) + delta) END
$$;

-- Grains kept per dimension: created and ended feed the hourly throughput chart and are small.
CREATE FUNCTION task_stats_grains(dim TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN dim IN ('created', 'ended') THEN ARRAY['hour'] ELSE ARRAY['hour', 'day'] END
$$;

CREATE FUNCTION task_stats_add(p_dim TEXT, p_key TEXT, p_at TIMESTAMPTZ, p_sign INTEGER,
  p_n BIGINT DEFAULT 0, p_completed BIGINT DEFAULT 0, p_failed BIGINT DEFAULT 0, p_cancelled BIGINT DEFAULT 0,
  p_tokens BIGINT DEFAULT 0, p_cost DOUBLE PRECISION DEFAULT 0, p_bucket INTEGER DEFAULT NULL,
  p_example TEXT DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE g TEXT;
BEGIN
  FOREACH g IN ARRAY task_stats_grains(p_dim) LOOP
    INSERT INTO task_stats AS s (dim, grain, period_start, key, n, completed, failed, cancelled, tokens, cost_usd,
      hist, example)
    VALUES (p_dim, g, date_trunc(g, p_at, 'UTC'), p_key, p_sign * p_n, p_sign * p_completed, p_sign * p_failed,
      p_sign * p_cancelled, p_sign * p_tokens, p_sign * p_cost, task_stats_hist_add('{}', p_bucket, p_sign),
      CASE WHEN p_sign > 0 THEN p_example END)
    ON CONFLICT (dim, grain, period_start, key) DO UPDATE SET
      n = s.n + EXCLUDED.n, completed = s.completed + EXCLUDED.completed, failed = s.failed + EXCLUDED.failed,
      cancelled = s.cancelled + EXCLUDED.cancelled, tokens = s.tokens + EXCLUDED.tokens,
      cost_usd = s.cost_usd + EXCLUDED.cost_usd, hist = task_stats_hist_add(s.hist, p_bucket, p_sign),
      example = COALESCE(EXCLUDED.example, s.example);
  END LOOP;
END $$;

-- One task row's contribution, added (p_sign 1) or taken away (−1), for the listed parts.
CREATE FUNCTION task_stats_task(t script_tasks, p_sign INTEGER, p_parts TEXT[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF 'created' = ANY (p_parts) THEN
    PERFORM task_stats_add('created', '', t.created_at, p_sign, p_n => 1,
      p_bucket => task_stats_bucket(extract(epoch FROM t.started_at - t.created_at) * 1000));
  END IF;
  IF 'user' = ANY (p_parts) THEN
    PERFORM task_stats_add('user', t.user_id::text, t.created_at, p_sign, p_n => 1,
      p_tokens => COALESCE(t.usage_tokens, 0), p_cost => COALESCE(t.usage_cost_usd, 0));
  END IF;
  IF 'ended' = ANY (p_parts) AND t.finished_at IS NOT NULL THEN
    PERFORM task_stats_add('ended', '', t.finished_at, p_sign, p_completed => (t.status = 'completed')::int,
      p_failed => (t.status = 'failed')::int, p_cancelled => (t.status = 'cancelled')::int,
      p_bucket => CASE WHEN t.status = 'completed'
        THEN task_stats_bucket(extract(epoch FROM t.finished_at - t.started_at) * 1000) END);
    IF t.status = 'failed' THEN
      PERFORM task_stats_add('code', COALESCE(t.error_code, 'unknown'), t.finished_at, p_sign, p_n => 1,
        p_example => t.error_message);
    END IF;
    IF t.usage_tokens > 0 THEN
      PERFORM task_stats_add('model', COALESCE(t.usage_model, 'unknown'), t.finished_at, p_sign, p_n => 1,
        p_tokens => t.usage_tokens, p_cost => COALESCE(t.usage_cost_usd, 0));
    END IF;
  END IF;
END $$;

CREATE FUNCTION task_stats_on_task() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE parts TEXT[] := ARRAY[]::TEXT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM task_stats_task(NEW, 1, ARRAY['created', 'user', 'ended']);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM task_stats_task(OLD, -1, ARRAY['created', 'user', 'ended']);
  ELSE
    IF (OLD.created_at, OLD.started_at) IS DISTINCT FROM (NEW.created_at, NEW.started_at) THEN
      parts := parts || 'created'::text;
    END IF;
    IF (OLD.user_id, OLD.created_at, OLD.usage_tokens, OLD.usage_cost_usd)
        IS DISTINCT FROM (NEW.user_id, NEW.created_at, NEW.usage_tokens, NEW.usage_cost_usd) THEN
      parts := parts || 'user'::text;
    END IF;
    IF (OLD.finished_at, OLD.status, OLD.started_at, OLD.error_code, OLD.usage_model, OLD.usage_tokens,
        OLD.usage_cost_usd) IS DISTINCT FROM (NEW.finished_at, NEW.status, NEW.started_at, NEW.error_code,
        NEW.usage_model, NEW.usage_tokens, NEW.usage_cost_usd) THEN
      parts := parts || 'ended'::text;
    END IF;
    IF cardinality(parts) > 0 THEN
      PERFORM task_stats_task(OLD, -1, parts);
      PERFORM task_stats_task(NEW, 1, parts);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- Progress writes set none of these columns, so they do not fire it (and stay HOT updates).
CREATE TRIGGER task_stats_changes
  AFTER INSERT OR DELETE OR UPDATE OF status, created_at, started_at, finished_at, user_id, error_code, usage_model,
    usage_tokens, usage_cost_usd ON script_tasks
  FOR EACH ROW EXECUTE FUNCTION task_stats_on_task();

CREATE FUNCTION task_stats_on_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e task_events := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  IF jsonb_typeof(e.data -> 'ms') = 'number' THEN
    PERFORM task_stats_add('stage', COALESCE(e.data ->> 'stage', 'unknown'), e.created_at,
      CASE WHEN TG_OP = 'DELETE' THEN -1 ELSE 1 END, p_n => 1,
      p_bucket => task_stats_bucket((e.data ->> 'ms')::float8));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER task_stats_stage_added AFTER INSERT ON task_events
  FOR EACH ROW WHEN (NEW.kind = 'stage_completed') EXECUTE FUNCTION task_stats_on_event();
CREATE TRIGGER task_stats_stage_removed AFTER DELETE ON task_events
  FOR EACH ROW WHEN (OLD.kind = 'stage_completed') EXECUTE FUNCTION task_stats_on_event();

-- The rows of the listed dimensions for [p_from, p_to), computed from the base tables, with
-- periods of p_grain. Each dimension filters on its own time column, as the triggers key it.
CREATE FUNCTION task_stats_compute(p_grain TEXT, p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_dims TEXT[])
RETURNS SETOF task_stats
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF 'created' = ANY (p_dims) THEN
    RETURN QUERY
    SELECT 'created'::text, p_grain, h.p, ''::text, sum(h.c)::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
      0::float8, COALESCE(jsonb_object_agg(h.b, h.c) FILTER (WHERE h.b IS NOT NULL), '{}'), NULL::text
    FROM (SELECT date_trunc(p_grain, s.created_at, 'UTC') AS p,
            task_stats_bucket(extract(epoch FROM s.started_at - s.created_at) * 1000) AS b, count(*) AS c
          FROM script_tasks s WHERE s.created_at >= p_from AND s.created_at < p_to GROUP BY 1, 2) h
    GROUP BY h.p;
  END IF;
  IF 'ended' = ANY (p_dims) THEN
    RETURN QUERY
    SELECT 'ended'::text, p_grain, h.p, ''::text, 0::bigint, sum(h.completed)::bigint, sum(h.failed)::bigint,
      sum(h.cancelled)::bigint, 0::bigint, 0::float8,
      COALESCE(jsonb_object_agg(h.b, h.completed) FILTER (WHERE h.b IS NOT NULL), '{}'), NULL::text
    FROM (SELECT date_trunc(p_grain, s.finished_at, 'UTC') AS p,
            CASE WHEN s.status = 'completed'
              THEN task_stats_bucket(extract(epoch FROM s.finished_at - s.started_at) * 1000) END AS b,
            count(*) FILTER (WHERE s.status = 'completed') AS completed,
            count(*) FILTER (WHERE s.status = 'failed') AS failed,
            count(*) FILTER (WHERE s.status = 'cancelled') AS cancelled
          FROM script_tasks s WHERE s.finished_at >= p_from AND s.finished_at < p_to GROUP BY 1, 2) h
    GROUP BY h.p;
  END IF;
  IF 'user' = ANY (p_dims) THEN
    RETURN QUERY
    SELECT 'user'::text, p_grain, date_trunc(p_grain, s.created_at, 'UTC'), s.user_id::text, count(*),
      0::bigint, 0::bigint, 0::bigint, COALESCE(sum(s.usage_tokens), 0)::bigint,
      COALESCE(sum(s.usage_cost_usd), 0)::float8, '{}'::jsonb, NULL::text
    FROM script_tasks s WHERE s.created_at >= p_from AND s.created_at < p_to GROUP BY 3, 4;
  END IF;
  IF 'code' = ANY (p_dims) THEN
    RETURN QUERY
    SELECT 'code'::text, p_grain, date_trunc(p_grain, s.finished_at, 'UTC'), COALESCE(s.error_code, 'unknown'),
      count(*), 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::float8, '{}'::jsonb,
      (array_agg(s.error_message ORDER BY s.finished_at DESC))[1]
    FROM script_tasks s
    WHERE s.finished_at >= p_from AND s.finished_at < p_to AND s.status = 'failed' GROUP BY 3, 4;
  END IF;
  IF 'model' = ANY (p_dims) THEN
    RETURN QUERY
    SELECT 'model'::text, p_grain, date_trunc(p_grain, s.finished_at, 'UTC'), COALESCE(s.usage_model, 'unknown'),
      count(*), 0::bigint, 0::bigint, 0::bigint, sum(s.usage_tokens)::bigint,
      COALESCE(sum(s.usage_cost_usd), 0)::float8, '{}'::jsonb, NULL::text
    FROM script_tasks s
    WHERE s.finished_at >= p_from AND s.finished_at < p_to AND s.usage_tokens > 0 GROUP BY 3, 4;
  END IF;
  IF 'stage' = ANY (p_dims) THEN
    RETURN QUERY
    SELECT 'stage'::text, p_grain, h.p, h.k, sum(h.c)::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
      0::float8, jsonb_object_agg(h.b, h.c), NULL::text
    FROM (SELECT date_trunc(p_grain, e.created_at, 'UTC') AS p, COALESCE(e.data ->> 'stage', 'unknown') AS k,
            task_stats_bucket((e.data ->> 'ms')::float8) AS b, count(*) AS c
          FROM task_events e
          WHERE e.kind = 'stage_completed' AND e.created_at >= p_from AND e.created_at < p_to
            AND jsonb_typeof(e.data -> 'ms') = 'number'
          GROUP BY 1, 2, 3) h
    GROUP BY h.p, h.k;
  END IF;
END $$;

-- Rebuilds every row from the base tables (the backfill below; also after a bulk load that ran
-- with the triggers disabled). Run it where no task is written meanwhile, or in the transaction
-- that locks the tables, as this migration does.
CREATE FUNCTION task_stats_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM task_stats;
  INSERT INTO task_stats
  SELECT * FROM task_stats_compute('hour', '-infinity', 'infinity',
    ARRAY['created', 'ended', 'user', 'code', 'model', 'stage'])
  UNION ALL
  SELECT * FROM task_stats_compute('day', '-infinity', 'infinity', ARRAY['user', 'code', 'model', 'stage']);
END $$;

-- Backfill under locks that keep writers out until this transaction commits, so no change falls
-- between the rebuild and the triggers.
LOCK TABLE script_tasks, task_events IN SHARE ROW EXCLUSIVE MODE;
SELECT task_stats_rebuild();
