-- The fair claim (docs/decisions/0100, 0102), made as cheap as pg-boss's own fetch where it matters.
-- Same signature, same order, same writes as 20261130100200; three changes:
--  1. Its plans are always the generic cached plan (plan_cache_mode). PL/pgSQL otherwise kept
--     choosing a custom plan, i.e. planned this statement again on every call: with 2,000 jobs
--     waiting that was a third of the claim's time. A generic plan is made once per connection,
--     though, and one made while the queue was empty (a worker starting idle) cost 3–5× more once
--     jobs piled up: with enable_seqscan off the plan uses the indexes whatever the statistics
--     said when it was made.
--  2. A claim of one job (the common case: one slot freed) takes the fast path below: the
--     skip scan over owners returns each owner's queue head itself (the first entry of the owner
--     in shortplay_fair_heads is the head), so one index probe per owner, no second lookup per
--     owner, no window functions; a head whose start_after is still ahead (a retry in backoff)
--     is replaced by the owner's first due job.
--  3. Larger claims keep the general statement of 20261130100200, renamed fair_claim_general.
ALTER FUNCTION fair_claim(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER) RENAME TO fair_claim_general;
ALTER FUNCTION fair_claim_general(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER)
  SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION fair_claim_general(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER)
  SET enable_seqscan = off;

CREATE FUNCTION fair_claim(queue TEXT, max_jobs INTEGER, strides JSONB, default_stride DOUBLE PRECISION,
                           cap INTEGER, urgent_from INTEGER)
RETURNS TABLE (id UUID, name TEXT, data JSONB, retry_count INTEGER, retry_limit INTEGER, retry_delay INTEGER,
               retry_backoff BOOLEAN, retry_delay_max INTEGER, priority INTEGER, group_id TEXT)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(7100100001);
  IF max_jobs = 1 THEN
    RETURN QUERY
    WITH RECURSIVE heads AS (
      (SELECT j.group_id AS g, j.id, j.group_tier, j.priority, j.created_on, j.start_after FROM pgboss.job j
       WHERE j.name = queue AND j.state < 'active' AND NOT j.blocked AND j.group_id IS NOT NULL
       ORDER BY j.group_id, j.priority DESC, j.created_on LIMIT 1)
      UNION ALL
      SELECT n.* FROM heads h CROSS JOIN LATERAL (
        SELECT j.group_id, j.id, j.group_tier, j.priority, j.created_on, j.start_after FROM pgboss.job j
        WHERE j.name = queue AND j.state < 'active' AND NOT j.blocked AND j.group_id > h.g
        ORDER BY j.group_id, j.priority DESC, j.created_on LIMIT 1) n),
    due AS (
      SELECT h.g, h.id, h.group_tier, h.priority, h.created_on FROM heads h WHERE h.start_after <= pgboss.job_now()
      UNION ALL
      SELECT x.* FROM heads h CROSS JOIN LATERAL (
        SELECT j.group_id, j.id, j.group_tier, j.priority, j.created_on FROM pgboss.job j
        WHERE j.name = queue AND j.group_id = h.g AND j.state < 'active' AND NOT j.blocked AND j.start_after <= pgboss.job_now()
        ORDER BY j.priority DESC, j.created_on LIMIT 1) x
      WHERE h.start_after > pgboss.job_now()
      UNION ALL
      (SELECT '', j.id, j.group_tier, j.priority, j.created_on FROM pgboss.job j
       WHERE j.name = queue AND j.group_id IS NULL AND j.state < 'active' AND NOT j.blocked
         AND j.start_after <= pgboss.job_now()
       ORDER BY j.priority DESC, j.created_on LIMIT 1)),
    running AS (
      SELECT j.group_id AS g, count(*)::int AS n FROM pgboss.job j
      WHERE j.name = queue AND j.state = 'active' AND j.group_id IS NOT NULL GROUP BY j.group_id),
    picked AS (
      SELECT d.id, d.g, d.priority >= urgent_from AS urgent, d.created_on,
             COALESCE((strides ->> d.group_tier)::float8, default_stride) AS stride,
             GREATEST(COALESCE(f.pass, 0), (SELECT COALESCE(max(s.last_key), 0) FROM fair_shares s)) AS key
      FROM due d LEFT JOIN running a ON a.g = d.g LEFT JOIN fair_shares f ON f.user_key = d.g
      WHERE d.g = '' OR COALESCE(a.n, 0) < cap
      ORDER BY urgent DESC, key, d.created_on LIMIT 1),
    claimed AS (
      UPDATE pgboss.job j SET state = 'active', started_on = pgboss.job_now(), heartbeat_on = pgboss.job_now(),
        retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
      FROM picked p
      WHERE j.name = queue AND j.id = p.id AND j.state < 'active'
      RETURNING j.id, j.name, j.data, j.retry_count, j.retry_limit, j.retry_delay, j.retry_backoff,
                j.retry_delay_max, j.priority, j.group_id, p.g, p.urgent, p.key, p.stride),
    shares AS (
      INSERT INTO fair_shares AS fs (user_key, pass, last_key, updated_at)
      SELECT c.g, c.key + c.stride, c.key, now() FROM claimed c WHERE NOT c.urgent AND c.g <> ''
      ON CONFLICT (user_key) DO UPDATE SET pass = EXCLUDED.pass, last_key = EXCLUDED.last_key, updated_at = now())
    SELECT c.id, c.name, c.data, c.retry_count, c.retry_limit, c.retry_delay, c.retry_backoff, c.retry_delay_max,
           c.priority, c.group_id
    FROM claimed c;
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM fair_claim_general(queue, max_jobs, strides, default_stride, cap, urgent_from);
END
$$;
