-- The fair claim reads a small queue of owners instead of scanning every waiting user
-- (docs/decisions/0103). Same signature and writes as before; the order differs only in ties
-- (the user served least recently first) and in urgent jobs (pg-boss's order). What changes is
-- how the claim finds the next user:
--  * fair_shares now also says which users have waiting jobs (`queued`), in fair order: the
--    partial index on (pass, seq) WHERE queued. `seq` breaks ties between equal passes. `tier` is
--    the tier of the user's latest job (its stride).
--  * Row triggers on pgboss.job mark the owner queued for every job that becomes waiting: an
--    insert (a send; a retry or an expired job, which pg-boss deletes and re-inserts) or an update
--    from a later state (pg-boss's resume, its retry of a failed job). pg-boss's schema does not
--    exist when this migration runs: lib/queue/boss.ts ensureQueues() installs them through
--    fair_watch(queue), which also queues the owners of the jobs already waiting. A job that
--    stops waiting (claimed, cancelled, deleted) leaves its owner queued; the claim un-queues
--    owners it finds without waiting jobs.
--  * The claim: take the lock; an urgent job first (one index probe when there is none); then the
--    first `max_jobs` queued owners with room under the cap, in (pass, seq) order; share the
--    `max_jobs` slots out by virtual time (stride scheduling, arithmetic only); read exactly each
--    owner's share of queue heads through shortplay_fair_heads; mark them active by ctid. A claim
--    of one job reads one owner row and one queue head. If an owner had fewer due jobs than its
--    share (a retry in backoff, or none left), the claim repeats for the rest among owners that
--    have a due job.
--  * The clock (the largest last_key) is read by the index on last_key, and the running count by
--    pg-boss's job_i7, for the candidate owners only.
--  * A round that comes up short (an idle worker asking for more jobs than wait) ends there
--    (docs/decisions/0104): a claim of more than one job reads each owner's queue heads one past
--    its share; a served owner whose last head has none after it, and no job in backoff, is
--    un-queued by the same update of its fair_shares row that records the serve. The claim repeats
--    only if some owner is still queued, then un-queues every owner with nothing waiting. A
--    one-job claim reads one head and leaves a served owner queued.
ALTER TABLE "fair_shares"
  ADD COLUMN "queued" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "tier" TEXT;
CREATE INDEX "fair_shares_pass_seq_idx" ON "fair_shares" ("pass", "seq") WHERE "queued";
CREATE SEQUENCE "fair_shares_seq";

-- A job became waiting: its owner is queued, at no earlier than the clock (no banked credit).
-- It takes the claim lock in shared mode, so it never runs during a claim, and a claim never
-- runs while a job that queued its owner is not yet committed: a claim that finds an owner
-- without waiting jobs and un-queues it cannot miss a job that is about to appear.
CREATE FUNCTION fair_job_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7100100001);
  PERFORM 1 FROM fair_shares f
  WHERE f.user_key = COALESCE(NEW.group_id, '') AND f.queued AND f.tier IS NOT DISTINCT FROM NEW.group_tier;
  IF NOT FOUND THEN
    INSERT INTO fair_shares AS f (user_key, pass, queued, seq, tier, updated_at)
    VALUES (COALESCE(NEW.group_id, ''), (SELECT COALESCE(max(s.last_key), 0) FROM fair_shares s), true,
            nextval('fair_shares_seq'), NEW.group_tier, now())
    ON CONFLICT (user_key) DO UPDATE
      SET pass = GREATEST(f.pass, EXCLUDED.pass), seq = CASE WHEN f.queued THEN f.seq ELSE EXCLUDED.seq END,
          queued = true, tier = EXCLUDED.tier, updated_at = now();
  END IF;
  RETURN NULL;
END
$$;

-- Installs the triggers on pg-boss's job table for one queue (idempotent) and queues the owners
-- of jobs that were waiting before they existed. A job becomes waiting by an insert (a send; a
-- retry or an expired job, which pg-boss deletes and re-inserts) or by an update from a later
-- state (pg-boss's resume of a cancelled job, its retry of a failed one).
CREATE FUNCTION fair_watch(queue TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'pgboss.job'::regclass AND tgparentid = 0
        AND tgname IN ('shortplay_fair_waiting', 'shortplay_fair_rewaiting')) = 2 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(7100100001);
  EXECUTE 'DROP TRIGGER IF EXISTS shortplay_fair_waiting ON pgboss.job';
  EXECUTE 'DROP TRIGGER IF EXISTS shortplay_fair_rewaiting ON pgboss.job';
  EXECUTE format(
    'CREATE TRIGGER shortplay_fair_waiting AFTER INSERT ON pgboss.job FOR EACH ROW
       WHEN (NEW.name = %L AND NEW.state < %L) EXECUTE FUNCTION fair_job_waiting()', queue, 'active');
  EXECUTE format(
    'CREATE TRIGGER shortplay_fair_rewaiting AFTER UPDATE OF state ON pgboss.job FOR EACH ROW
       WHEN (NEW.name = %L AND NEW.state < %L AND OLD.state > %L) EXECUTE FUNCTION fair_job_waiting()',
    queue, 'active', 'active');
  INSERT INTO fair_shares AS f (user_key, pass, queued, seq, tier, updated_at)
  SELECT w.g, (SELECT COALESCE(max(s.last_key), 0) FROM fair_shares s), true, nextval('fair_shares_seq'), w.tier, now()
  FROM (SELECT COALESCE(j.group_id, '') AS g, max(j.group_tier) AS tier FROM pgboss.job j
        WHERE j.name = queue AND j.state < 'active' GROUP BY 1) w
  ON CONFLICT (user_key) DO UPDATE SET queued = true, tier = EXCLUDED.tier;
END
$$;

DROP FUNCTION fair_claim(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER);
DROP FUNCTION fair_claim_general(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER);

-- strides: tier → virtual time a task of that tier costs (scale / weight); default_stride for any
-- other tier; cap: running jobs per user; urgent_from: job priority of an urgent task. Each
-- statement after the lock takes its own snapshot, so a claim that waited sees the one before it.
-- Jobs are marked active with the same four columns pg-boss's fetch writes, found by their row
-- address (ctid) with the id checked as a filter, whatever the statistics said when the plan was made.
CREATE FUNCTION fair_claim(queue TEXT, max_jobs INTEGER, strides JSONB, default_stride DOUBLE PRECISION,
                           cap INTEGER, urgent_from INTEGER)
RETURNS TABLE (id UUID, name TEXT, data JSONB, retry_count INTEGER, retry_limit INTEGER, retry_delay INTEGER,
               retry_backoff BOOLEAN, retry_delay_max INTEGER, priority INTEGER, group_id TEXT)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
#variable_conflict use_column
DECLARE
  want INTEGER := max_jobs;
  got INTEGER;
  -- After a round that came up short: share slots only among owners with a due job.
  probe BOOLEAN := false;
  -- Heads read past each owner's share: one, except in a one-job claim, which ends after its
  -- first job anyway (it reads one head, as before, and leaves a served owner queued).
  ahead INTEGER := CASE WHEN max_jobs > 1 THEN 1 ELSE 0 END;
BEGIN
  PERFORM pg_advisory_xact_lock(7100100001);
  WHILE want > 0 LOOP
    RETURN QUERY
    -- An urgent job (rare: an admin's mark), in pg-boss's order, within its user's cap: a round
    -- that finds one claims just that one.
    WITH urgent AS MATERIALIZED (
      SELECT j.id, j.ctid AS tid, COALESCE(j.group_id, '') AS g FROM pgboss.job j
      WHERE j.name = queue AND j.state < 'active' AND NOT j.blocked AND j.priority >= urgent_from
        AND j.start_after <= pgboss.job_now()
        AND (j.group_id IS NULL OR (SELECT count(*) FROM (
              SELECT 1 FROM pgboss.job a WHERE a.name = queue AND a.state = 'active' AND a.group_id = j.group_id
              LIMIT cap) x) < cap)
      ORDER BY j.priority DESC, j.created_on LIMIT 1),
    clock AS (SELECT COALESCE(max(s.last_key), 0)::float8 AS v FROM fair_shares s),
    -- The first queued owners in fair order with room under the cap (and, after a short round,
    -- a due job): at most want of them can be served.
    owners AS MATERIALIZED (
      SELECT f.user_key AS g, f.pass, f.seq, COALESCE((strides ->> f.tier)::float8, default_stride) AS stride, r.room
      FROM fair_shares f CROSS JOIN LATERAL (
        SELECT CASE WHEN f.user_key = '' THEN want
               ELSE LEAST(want, cap - (SELECT count(*)::int FROM (
                 SELECT 1 FROM pgboss.job a WHERE a.name = queue AND a.state = 'active' AND a.group_id = f.user_key
                 LIMIT cap) x)) END AS room OFFSET 0) r
      WHERE NOT EXISTS (SELECT 1 FROM urgent) AND f.queued AND r.room > 0
        AND (NOT probe
             OR (f.user_key <> '' AND (SELECT true FROM pgboss.job j
                   WHERE j.name = queue AND j.group_id = f.user_key AND j.state < 'active' AND NOT j.blocked
                     AND j.start_after <= pgboss.job_now() LIMIT 1))
             OR (f.user_key = '' AND (SELECT true FROM pgboss.job j
                   WHERE j.name = queue AND j.group_id IS NULL AND j.state < 'active' AND NOT j.blocked
                     AND j.start_after <= pgboss.job_now() LIMIT 1)))
      ORDER BY f.pass, f.seq LIMIT want),
    -- The want smallest virtual times: a user's k-th task sits at max(pass, clock) + k × stride.
    slots AS (
      SELECT o.g, o.seq, o.stride, s.k, GREATEST(o.pass, c.v) + s.k * o.stride AS key
      FROM owners o CROSS JOIN clock c CROSS JOIN LATERAL generate_series(0, o.room - 1) AS s(k)
      ORDER BY key, s.k, o.seq LIMIT want),
    shares AS (SELECT s.g, count(*)::int AS n FROM slots s GROUP BY s.g),
    -- Each owner's share of its queue heads and one more (its priority, then age; a retry in
    -- backoff waits). A head with none after it, in a claim that read one more: the owner has
    -- no due job left after this claim (the same window, so no second pass over the heads).
    heads AS (
      SELECT sh.g, h.id, h.tid, row_number() OVER (PARTITION BY sh.g ORDER BY h.priority DESC, h.created_on) - 1 AS k,
             ahead = 1 AND lead(h.id) OVER (PARTITION BY sh.g ORDER BY h.priority DESC, h.created_on) IS NULL AS dry
      FROM shares sh CROSS JOIN LATERAL (
        (SELECT j.id, j.ctid AS tid, j.priority, j.created_on FROM pgboss.job j
         WHERE sh.g <> '' AND j.name = queue AND j.group_id = sh.g AND j.state < 'active' AND NOT j.blocked
           AND j.start_after <= pgboss.job_now()
         ORDER BY j.priority DESC, j.created_on LIMIT sh.n + ahead)
        UNION ALL
        (SELECT j.id, j.ctid AS tid, j.priority, j.created_on FROM pgboss.job j
         WHERE sh.g = '' AND j.name = queue AND j.group_id IS NULL AND j.state < 'active' AND NOT j.blocked
           AND j.start_after <= pgboss.job_now()
         ORDER BY j.priority DESC, j.created_on LIMIT sh.n + ahead)) h),
    picked AS (
      SELECT u.id, u.tid, u.g, NULL::float8 AS key, 0::bigint AS k, 0::bigint AS seq, NULL::float8 AS stride,
             false AS dry
      FROM urgent u
      UNION ALL
      SELECT h.id, h.tid, s.g, s.key, s.k, s.seq, s.stride, h.dry FROM heads h JOIN slots s ON s.g = h.g AND s.k = h.k),
    one AS (
      UPDATE pgboss.job j SET state = 'active', started_on = pgboss.job_now(), heartbeat_on = pgboss.job_now(),
        retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
      WHERE (want = 1 OR EXISTS (SELECT 1 FROM urgent)) AND j.ctid = (SELECT p.tid FROM picked p LIMIT 1)
        AND (j.id = (SELECT p.id FROM picked p LIMIT 1)) IS TRUE
        AND COALESCE(j.name, '') = queue AND j.state < 'active'
      RETURNING j.id, j.name, j.data, j.retry_count, j.retry_limit, j.retry_delay, j.retry_backoff,
                j.retry_delay_max, j.priority, j.group_id),
    many AS (
      UPDATE pgboss.job j SET state = 'active', started_on = pgboss.job_now(), heartbeat_on = pgboss.job_now(),
        retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
      WHERE want > 1 AND NOT EXISTS (SELECT 1 FROM urgent) AND j.ctid = ANY (ARRAY(SELECT p.tid FROM picked p))
        AND (j.id = ANY (ARRAY(SELECT p.id FROM picked p))) IS TRUE AND COALESCE(j.name, '') = queue
        AND j.state < 'active'
      RETURNING j.id, j.name, j.data, j.retry_count, j.retry_limit, j.retry_delay, j.retry_backoff,
                j.retry_delay_max, j.priority, j.group_id),
    claimed AS (
      SELECT c.*, p.g, p.key, p.k, p.seq, p.stride, p.dry
      FROM (SELECT * FROM one UNION ALL SELECT * FROM many) c JOIN picked p ON p.id = c.id),
    -- The served owners' new pass; an owner left without a due job and without a job in backoff
    -- has nothing waiting: un-queued (the claim lock keeps out any job that would queue it again
    -- until this claim commits). The jobs without an owner are left to the un-queueing below.
    served AS (
      UPDATE fair_shares f SET pass = x.last + x.stride, last_key = x.last, seq = nextval('fair_shares_seq'),
        updated_at = now(),
        queued = CASE WHEN NOT x.dry OR x.g = '' THEN f.queued
                      ELSE (SELECT true FROM pgboss.job j WHERE j.name = queue AND j.group_id = x.g
                        AND j.state < 'active' AND NOT j.blocked AND j.start_after > pgboss.job_now() LIMIT 1) IS NOT NULL
                 END
      FROM (SELECT c.g, max(c.key) AS last, min(c.stride) AS stride, bool_or(c.dry) AS dry FROM claimed c
            WHERE c.key IS NOT NULL GROUP BY c.g) x
      WHERE f.user_key = x.g)
    SELECT c.id, c.name, c.data, c.retry_count, c.retry_limit, c.retry_delay, c.retry_backoff, c.retry_delay_max,
           c.priority, c.group_id
    FROM claimed c ORDER BY c.key NULLS FIRST, c.k, c.seq;
    GET DIAGNOSTICS got = ROW_COUNT;
    want := want - got;
    EXIT WHEN want = 0 OR (probe AND got = 0);
    -- A short round: another can only find a job of an owner still queued (an owner with a
    -- waiting job always is). After the round un-queued the owners it emptied, often none is.
    EXIT WHEN NOT EXISTS (SELECT 1 FROM fair_shares f WHERE f.queued);
    probe := true;
  END LOOP;

  IF probe THEN
    -- A later round ran: un-queue every owner with no waiting job left (the claim lock keeps out
    -- any job that would queue one of them until this claim commits).
    UPDATE fair_shares f SET queued = false
    WHERE f.queued
      AND (f.user_key = '' OR (SELECT true FROM pgboss.job j WHERE j.name = queue AND j.group_id = f.user_key
                                 AND j.state < 'active' AND NOT j.blocked LIMIT 1) IS NULL)
      AND (f.user_key <> '' OR (SELECT true FROM pgboss.job j WHERE j.name = queue AND j.group_id IS NULL
                                  AND j.state < 'active' AND NOT j.blocked LIMIT 1) IS NULL);
  END IF;
END
$$;
