-- The fair claim (docs/decisions/0100) as one function, so a claim is one round trip: it takes the
-- claim lock, then — with a snapshot taken after the lock, as every statement in a PL/pgSQL
-- function gets one — picks the next jobs, marks them active exactly as pg-boss's fetch does,
-- and advances the fair-share clock. Its plan is cached per connection. It reads only the head of
-- each user's queue: the distinct owners by a skip scan, then each owner's first max_jobs jobs,
-- both through the index shortplay_fair_heads that lib/queue/boss.ts ensureQueues() puts on
-- pg-boss's job table (pg-boss's schema does not exist yet when this migration runs).
--   strides: tier → virtual time a task of that tier costs (scale / weight); default_stride for
--   any other tier; cap: running jobs per user; urgent_from: job priority of an urgent task.
CREATE FUNCTION fair_claim(queue TEXT, max_jobs INTEGER, strides JSONB, default_stride DOUBLE PRECISION,
                           cap INTEGER, urgent_from INTEGER)
RETURNS TABLE (id UUID, name TEXT, data JSONB, retry_count INTEGER, retry_limit INTEGER, retry_delay INTEGER,
               retry_backoff BOOLEAN, retry_delay_max INTEGER, priority INTEGER, group_id TEXT)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(7100100001);
  RETURN QUERY
  WITH RECURSIVE owners AS (
    (SELECT j.group_id AS g FROM pgboss.job j
     WHERE j.name = queue AND j.state < 'active' AND NOT j.blocked AND j.group_id IS NOT NULL
     ORDER BY j.group_id LIMIT 1)
    UNION ALL
    SELECT (SELECT j.group_id FROM pgboss.job j
            WHERE j.name = queue AND j.state < 'active' AND NOT j.blocked AND j.group_id > o.g
            ORDER BY j.group_id LIMIT 1)
    FROM owners o WHERE o.g IS NOT NULL),
  clock AS (SELECT COALESCE(max(last_key), 0)::float8 AS v FROM fair_shares),
  running AS (
    SELECT j.group_id AS g, count(*)::int AS n FROM pgboss.job j
    WHERE j.name = queue AND j.state = 'active' AND j.group_id IS NOT NULL GROUP BY j.group_id),
  waiting AS (
    SELECT h.id, COALESCE(h.group_id, '') AS g, h.priority, h.created_on, h.priority >= urgent_from AS urgent,
           COALESCE((strides ->> h.group_tier)::float8, default_stride) AS s
    FROM (
      SELECT x.* FROM owners o CROSS JOIN LATERAL (
        SELECT j.id, j.group_id, j.group_tier, j.priority, j.created_on FROM pgboss.job j
        WHERE j.name = queue AND j.group_id = o.g AND j.state < 'active' AND NOT j.blocked
          AND j.start_after <= pgboss.job_now()
        ORDER BY j.priority DESC, j.created_on LIMIT max_jobs) x
      WHERE o.g IS NOT NULL
      UNION ALL
      -- Jobs queued before fair scheduling have no owner: they share one turn.
      (SELECT j.id, j.group_id, j.group_tier, j.priority, j.created_on FROM pgboss.job j
       WHERE j.name = queue AND j.group_id IS NULL AND j.state < 'active' AND NOT j.blocked
         AND j.start_after <= pgboss.job_now()
       ORDER BY j.priority DESC, j.created_on LIMIT max_jobs)) h),
  ranked AS (
    SELECT w.*,
           row_number() OVER (PARTITION BY w.g ORDER BY w.priority DESC, w.created_on) AS rn,
           count(*) FILTER (WHERE w.urgent) OVER (PARTITION BY w.g) AS n_urgent,
           min(w.s) OVER (PARTITION BY w.g) AS stride
    FROM waiting w),
  -- Only the head of each user's queue can be picked: at most max_jobs, and room under the cap.
  heads AS (
    SELECT r.* FROM ranked r LEFT JOIN running a ON a.g = r.g
    WHERE r.rn <= max_jobs AND (r.g = '' OR COALESCE(a.n, 0) + r.rn <= cap)),
  picked AS (
    SELECT h.id, h.g, h.urgent, h.created_on, h.stride,
           GREATEST(COALESCE(f.pass, 0), c.v) + GREATEST(h.rn - h.n_urgent - 1, 0) * h.stride AS key
    FROM heads h CROSS JOIN clock c LEFT JOIN fair_shares f ON f.user_key = h.g
    ORDER BY h.urgent DESC, key, h.created_on
    LIMIT max_jobs),
  claimed AS (
    UPDATE pgboss.job j SET state = 'active', started_on = pgboss.job_now(), heartbeat_on = pgboss.job_now(),
      retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
    FROM picked p
    WHERE j.name = queue AND j.id = p.id AND j.state < 'active'
    RETURNING j.id, j.name, j.data, j.retry_count, j.retry_limit, j.retry_delay, j.retry_backoff,
              j.retry_delay_max, j.priority, j.group_id, p.g, p.urgent, p.key, p.stride, p.created_on),
  shares AS (
    INSERT INTO fair_shares AS fs (user_key, pass, last_key, updated_at)
    SELECT c.g, max(c.key) + min(c.stride), max(c.key), now() FROM claimed c WHERE NOT c.urgent AND c.g <> '' GROUP BY c.g
    ON CONFLICT (user_key) DO UPDATE SET pass = EXCLUDED.pass, last_key = EXCLUDED.last_key, updated_at = now())
  SELECT c.id, c.name, c.data, c.retry_count, c.retry_limit, c.retry_delay, c.retry_backoff, c.retry_delay_max,
         c.priority, c.group_id
  FROM claimed c ORDER BY c.urgent DESC, c.key, c.created_on;
END
$$;
