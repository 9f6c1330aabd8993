-- A claim that asks for more jobs than are waiting (an idle worker with free slots, one job
-- waiting) takes one statement instead of three (docs/decisions/0104). Same signature, lock,
-- order and writes as 20261202100000_fair_claim_owner_queue; what changes is how a round that
-- comes up short ends:
--  * Each owner's queue heads are read one past its share (n + 1) when the claim asks for more
--    than one job. An owner with no head left over has no due job after this claim; if it also
--    has no job in backoff it is un-queued in the same statement (the update of its fair_shares
--    row that records the serve). A one-job claim reads one head, as before.
--  * The round says whether another round could find anything: an owner with room and a head
--    left over, a candidate owner that got no share, more candidates than were read, an urgent
--    job, or a picked job another transaction took first. Only then does the claim repeat among
--    owners with a due job and afterwards un-queue every owner with nothing waiting, as before.
-- The rows come back through a loop over the round's query: its last row carries that answer.
DROP FUNCTION fair_claim(TEXT, INTEGER, JSONB, DOUBLE PRECISION, INTEGER, INTEGER);

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
  -- Whether another round could claim more (the round's last row says).
  more BOOLEAN;
  -- Heads read past each owner's share: one, except in a one-job claim, which ends after its
  -- first job anyway (it reads one head, as before, and leaves a served owner queued).
  ahead INTEGER := CASE WHEN max_jobs > 1 THEN 1 ELSE 0 END;
  r RECORD;
BEGIN
  PERFORM pg_advisory_xact_lock(7100100001);
  WHILE want > 0 LOOP
    got := 0;
    more := true;
    FOR r IN
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
    -- backoff waits): the one more says whether the owner has a due job left after this claim.
    -- Fewer heads than that: none is left.
    heads AS (
      SELECT sh.g, h.id, h.tid, row_number() OVER (PARTITION BY sh.g ORDER BY h.priority DESC, h.created_on) - 1 AS k
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
    counts AS (
      SELECT sh.g, sh.n, o.room, (SELECT count(*) FROM heads h WHERE h.g = sh.g)::int AS c
      FROM shares sh JOIN owners o ON o.g = sh.g),
    -- Owners left without a due job and without a job in backoff: nothing waits, un-queue them
    -- (the claim lock keeps out any job that would queue one of them until this claim commits).
    emptied AS (
      SELECT c.g FROM counts c
      WHERE c.c < c.n + ahead
        AND (c.g = '' OR (SELECT true FROM pgboss.job j WHERE j.name = queue AND j.group_id = c.g
                            AND j.state < 'active' AND NOT j.blocked AND j.start_after > pgboss.job_now() LIMIT 1) IS NULL)
        AND (c.g <> '' OR (SELECT true FROM pgboss.job j WHERE j.name = queue AND j.group_id IS NULL
                             AND j.state < 'active' AND NOT j.blocked AND j.start_after > pgboss.job_now() LIMIT 1) IS NULL)),
    picked AS (
      SELECT u.id, u.tid, u.g, NULL::float8 AS key, 0::bigint AS k, 0::bigint AS seq, NULL::float8 AS stride
      FROM urgent u
      UNION ALL
      SELECT h.id, h.tid, s.g, s.key, s.k, s.seq, s.stride FROM heads h JOIN slots s ON s.g = h.g AND s.k = h.k),
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
      SELECT c.*, p.g, p.key, p.k, p.seq, p.stride
      FROM (SELECT * FROM one UNION ALL SELECT * FROM many) c JOIN picked p ON p.id = c.id),
    -- The served owners' new pass and the emptied owners' un-queue: one update of each row.
    served AS (
      UPDATE fair_shares f SET pass = COALESCE(x.last + x.stride, f.pass), last_key = COALESCE(x.last, f.last_key),
        seq = CASE WHEN x.last IS NULL THEN f.seq ELSE nextval('fair_shares_seq') END,
        queued = f.queued AND NOT x.emptied,
        updated_at = CASE WHEN x.last IS NULL THEN f.updated_at ELSE now() END
      FROM (SELECT u.g, max(u.key) AS last, min(u.stride) AS stride, bool_or(u.emptied) AS emptied FROM (
              SELECT c.g, c.key, c.stride, false AS emptied FROM claimed c WHERE c.key IS NOT NULL
              UNION ALL
              SELECT e.g, NULL::float8, NULL::float8, true FROM emptied e) u
            GROUP BY u.g) x
      WHERE f.user_key = x.g)
    SELECT c.id, c.name, c.data, c.retry_count, c.retry_limit, c.retry_delay, c.retry_backoff, c.retry_delay_max,
           c.priority, c.group_id, NULL::boolean AS more, c.key, c.k, c.seq
    FROM claimed c
    UNION ALL
    -- Another round could claim more only if: an urgent job was taken (the next may be any
    -- owner's); more candidates than were read; a candidate without a share; an owner with room
    -- and a head left over; or a picked job that was no longer waiting when marked.
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           EXISTS (SELECT 1 FROM urgent)
           OR (SELECT count(*) FROM owners) >= want
           OR EXISTS (SELECT 1 FROM owners o WHERE NOT EXISTS (SELECT 1 FROM shares sh WHERE sh.g = o.g))
           OR EXISTS (SELECT 1 FROM counts c WHERE c.c > c.n AND c.room > c.n)
           OR (SELECT count(*) FROM picked) > (SELECT count(*) FROM claimed),
           NULL, NULL, NULL
    ORDER BY more NULLS FIRST, key NULLS FIRST, k, seq
    LOOP
      IF r.more IS NOT NULL THEN
        more := r.more;
      ELSE
        id := r.id; name := r.name; data := r.data; retry_count := r.retry_count; retry_limit := r.retry_limit;
        retry_delay := r.retry_delay; retry_backoff := r.retry_backoff; retry_delay_max := r.retry_delay_max;
        priority := r.priority; group_id := r.group_id;
        RETURN NEXT;
        got := got + 1;
      END IF;
    END LOOP;
    want := want - got;
    EXIT WHEN want = 0 OR NOT more OR (probe AND got = 0);
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
