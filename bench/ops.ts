// npm run bench:ops — the operations queries on a large table: 1,000,000 tasks seeded with
// generate_series (one user owns 100,000; 60 days of history; stage events for the last day),
// then p50/p95/p99 of the metrics report per window, the task list (with and without status and
// q) and a task's history, called in-process (the query work of each request, without HTTP).
// Baselines in the same run: the same title searches with the trigram index dropped; the report's
// figures computed from the base tables over the whole window (what the report cost before the
// task_stats rollups, decision 0142); a run's end written with and without the rollup triggers.
// The seed runs with the rollup triggers off and rebuilds the rollups after (timed), as a
// migration's backfill does.
// BENCH_DATABASE_URL=postgres://…/postgres runs it on that server (e.g. this machine's 15).
import { env } from '../lib/env';
import { startDb } from './stack';
import { summary, table } from './stats';

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 200);
const log = (s: string) => console.log(`[bench:ops] ${s}`);

async function main(): Promise<void> {
  const db = await startDb(log);
  // lib/env was parsed when the bench's helpers loaded: point it at this run's database.
  Object.assign(env, { DATABASE_URL: db.url });
  const { getDb, closeDb } = await import('../lib/db/client');
  const { metricsReport } = await import('../lib/metrics/report');
  const { listTasks, listEvents } = await import('../lib/tasks');
  const sql = (q: string) => getDb().$executeRawUnsafe(q);
  try {
    const t0 = performance.now();
    await sql(`INSERT INTO users (email, password_hash, name)
               SELECT 'bench-' || g || '@example.com', 'x', 'bench' FROM generate_series(1, 100) g`);
    await sql('DROP INDEX script_tasks_title_trgm_idx');
    await sql('ALTER TABLE script_tasks DISABLE TRIGGER task_stats_changes');
    await sql('ALTER TABLE task_events DISABLE TRIGGER task_stats_stage_added');
    await sql(`
      WITH u AS (SELECT array_agg(id ORDER BY email) AS ids FROM users)
      INSERT INTO script_tasks (id, user_id, title, status, message, novel_content_length, created_at, started_at,
        finished_at, error_code, error_message, usage_model, usage_tokens, usage_cost_usd)
      SELECT 'task_' || lpad(g::text, 26, '0'),
        CASE WHEN g % 10 = 0 THEN u.ids[1] ELSE u.ids[2 + g % 99] END,
        CASE g % 3 WHEN 0 THEN '阿Q正传 第' || g || '回' WHEN 1 THEN 'Alice in Wonderland part ' || g
          ELSE '红楼梦·' || substr(md5(g::text), 1, 8) END,
        s.status::task_status, '', 20000, c.created,
        CASE WHEN s.status <> 'pending' THEN c.created + interval '2 seconds' END,
        CASE WHEN s.status IN ('completed', 'failed', 'cancelled') THEN c.created + make_interval(secs => 30 + g % 90) END,
        CASE WHEN s.status = 'failed' THEN (ARRAY['llm_timeout', 'worker_lost', 'model_refused'])[1 + g % 3] END,
        CASE WHEN s.status = 'failed' THEN 'seeded failure' END,
        CASE WHEN s.status = 'completed' AND g % 4 = 0 THEN 'deepseek-chat' END,
        CASE WHEN s.status = 'completed' AND g % 4 = 0 THEN 20000 + g % 5000 END,
        CASE WHEN s.status = 'completed' AND g % 4 = 0 THEN 0.01 END
      FROM generate_series(1, ${TASKS}) g, u,
        LATERAL (SELECT now() - make_interval(secs => (${TASKS} - g) * 5184000.0 / ${TASKS}) AS created) c,
        LATERAL (SELECT CASE WHEN g > ${TASKS} - 50 THEN 'pending' WHEN g > ${TASKS} - 80 THEN 'processing'
          WHEN g % 20 = 0 THEN 'failed' WHEN g % 50 = 1 THEN 'cancelled' ELSE 'completed' END AS status) s`);
    await sql(`
      INSERT INTO task_events (task_id, kind, data, created_at)
      SELECT t.id, 'stage_completed', jsonb_build_object('stage', st, 'ms', 1000 + (random() * 9000)::int), t.finished_at
      FROM script_tasks t, unnest(ARRAY['parse', 'summarize', 'bible', 'outline', 'write']) st
      WHERE t.finished_at > now() - interval '1 day'`);
    await sql(`INSERT INTO task_events (task_id, kind, data, created_at)
               SELECT id, 'created', '{}', created_at FROM script_tasks WHERE created_at > now() - interval '1 day'`);
    const seeded = performance.now() - t0;
    const r0 = performance.now();
    await sql('SELECT task_stats_rebuild()');
    const rebuilt = performance.now() - r0;
    await sql('ALTER TABLE script_tasks ENABLE TRIGGER task_stats_changes');
    await sql('ALTER TABLE task_events ENABLE TRIGGER task_stats_stage_added');
    await sql('CREATE INDEX script_tasks_title_trgm_idx ON script_tasks USING gin (title gin_trgm_ops)');
    await sql('VACUUM ANALYZE');
    const [{ n: statRows } = { n: 0n }] = await getDb().$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM task_stats',
    );
    log(
      `seeded ${TASKS.toLocaleString('en')} tasks in ${(seeded / 1000).toFixed(1)} s; rollups rebuilt in ${(rebuilt / 1000).toFixed(1)} s (${statRows} rows); indexed and vacuumed`,
    );

    const [heavy] = await getDb().$queryRawUnsafe<{ id: string }[]>('SELECT id FROM users ORDER BY email LIMIT 1');
    const actor = { id: heavy?.id ?? '', role: 'user' as const, tier: 'standard' as const };
    const [recent] = await getDb().$queryRawUnsafe<{ id: string }[]>(
      `SELECT task_id AS id FROM task_events WHERE kind = 'stage_completed' ORDER BY id DESC LIMIT 1`,
    );
    const historyActor = { ...actor, role: 'admin' as const };

    const measure = async (fn: () => Promise<unknown>, reps = REPS) => {
      for (let i = 0; i < 5; i++) await fn();
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        const s = performance.now();
        await fn();
        samples.push(performance.now() - s);
      }
      return summary(samples);
    };
    const searches: [string, string][] = [
      ['q rare Latin', 'Wonderland part 12345'],
      ['q CJK 3 chars', '红楼梦·ab'],
      ['q CJK 2 chars', '阿Q'],
    ];
    const rows: (string | number | null)[][] = [['operation', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']];
    const add = (name: string, s: ReturnType<typeof summary>) => rows.push([name, s.n, s.p50, s.p95, s.p99, s.max]);
    const { WINDOWS } = await import('../lib/metrics/report');
    const reportP99: Record<string, number | null> = {};
    for (const w of ['1h', '24h', '7d', '30d'] as const) {
      const s = await measure(() => metricsReport(w), w === '30d' || w === '7d' ? 100 : REPS);
      reportP99[w] = s.p99;
      add(`metrics report ${w}`, s);
    }
    // Baseline: the same figures' rows computed from the base tables over the whole window.
    const ratios2: (string | number | null)[][] = [['window', 'p50 rollups', 'p50 base tables', 'speed-up']];
    for (const w of ['1h', '24h', '7d', '30d'] as const) {
      const withRollups = await measure(() => metricsReport(w), 20);
      const base = await measure(
        () =>
          getDb()
            .$queryRaw`SELECT count(*) FROM task_stats_compute('hour', ${new Date(Date.now() - WINDOWS[w])}::timestamptz,
            now(), ARRAY['created', 'ended', 'user', 'code', 'model', 'stage'])`,
        w === '1h' ? 40 : 10,
      );
      add(`baseline, from base tables: report ${w}`, base);
      const speedUp = withRollups.p50 && base.p50 ? `${(base.p50 / withRollups.p50).toFixed(1)}×` : null;
      ratios2.push([w, withRollups.p50, base.p50, speedUp]);
    }
    // The histogram percentiles against exact ones, on this data (24 h window).
    const since = new Date(Date.now() - WINDOWS['24h']);
    const [exact] = await getDb().$queryRaw<{ wait: number[] | null; run: number[] | null }[]>`
      SELECT (SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at) * 1000)
                FROM script_tasks WHERE created_at >= ${since} AND started_at IS NOT NULL) AS wait,
             (SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000)
                FROM script_tasks WHERE finished_at >= ${since} AND status = 'completed') AS run`;
    const day = await metricsReport('24h');
    const accuracy: (string | number | null)[][] = [['24 h percentile', 'rollup ms', 'exact ms', 'error']];
    const err = (a: number | null, b: number | undefined) =>
      a === null || !b ? null : `${(((a - b) / b) * 100).toFixed(1)} %`;
    accuracy.push([
      'wait p50',
      day.wait_ms.p50,
      Math.round(exact?.wait?.[0] ?? 0),
      err(day.wait_ms.p50, exact?.wait?.[0]),
    ]);
    accuracy.push([
      'wait p95',
      day.wait_ms.p95,
      Math.round(exact?.wait?.[1] ?? 0),
      err(day.wait_ms.p95, exact?.wait?.[1]),
    ]);
    accuracy.push(['run p50', day.run_ms.p50, Math.round(exact?.run?.[0] ?? 0), err(day.run_ms.p50, exact?.run?.[0])]);
    accuracy.push(['run p95', day.run_ms.p95, Math.round(exact?.run?.[1] ?? 0), err(day.run_ms.p95, exact?.run?.[1])]);
    // What the triggers add to a run's end: one task's failure written, with and without them
    // (the oldest tasks, outside every window measured above).
    const ends = await getDb().$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM script_tasks WHERE status = 'completed' ORDER BY id LIMIT 600`,
    );
    const endOne = (id: string) =>
      getDb().$executeRaw`UPDATE script_tasks SET status = 'failed', error_code = 'bench', error_message = 'bench',
        finished_at = now(), usage_tokens = 100, usage_cost_usd = 0.001 WHERE id = ${id}`;
    let k = 0;
    const withTriggers = await measure(() => endOne(ends[k++ % 300]?.id ?? ''), 295);
    await sql('ALTER TABLE script_tasks DISABLE TRIGGER task_stats_changes');
    k = 300;
    const withoutTriggers = await measure(() => endOne(ends[k++]?.id ?? ''), 295);
    await sql('ALTER TABLE script_tasks ENABLE TRIGGER task_stats_changes');
    add('run end written, rollup triggers on', withTriggers);
    add('baseline: run end written, triggers off', withoutTriggers);
    // And to a submit: one task row inserted, with and without them.
    let m = 0;
    const insertOne = () =>
      getDb().$executeRaw`INSERT INTO script_tasks (id, user_id, title, status, message, novel_content_length)
        VALUES (${`task_${String(9_000_000_000 + m++).padStart(26, '0')}`}, ${actor.id}::uuid, 'bench', 'pending', '', 10)`;
    const insertWith = await measure(insertOne, 295);
    await sql('ALTER TABLE script_tasks DISABLE TRIGGER task_stats_changes');
    const insertWithout = await measure(insertOne, 295);
    await sql(`DELETE FROM script_tasks WHERE title = 'bench'`); // measured rows out of the list timings
    await sql('ALTER TABLE script_tasks ENABLE TRIGGER task_stats_changes');
    add('submit written, rollup triggers on', insertWith);
    add('baseline: submit written, triggers off', insertWithout);
    add('GET /api/tasks (100k-task user)', await measure(() => listTasks(actor, {})));
    add('GET /api/tasks?status=failed', await measure(() => listTasks(actor, { status: 'failed' })));
    add('GET /api/tasks?status=pending', await measure(() => listTasks(actor, { status: 'pending' })));
    const withIndex: Record<string, number | null> = {};
    for (const [name, q] of searches) {
      const s = await measure(() => listTasks(actor, { q }));
      withIndex[name] = s.p50;
      add(`GET /api/tasks?${name}`, s);
    }
    add('GET /api/tasks/{id}/history', await measure(() => listEvents(historyActor, recent?.id ?? '')));
    await sql('DROP INDEX script_tasks_title_trgm_idx');
    const ratios: (string | number | null)[][] = [['search', 'p50 with trigram index', 'p50 without', 'speed-up']];
    for (const [name, q] of searches) {
      const s = await measure(() => listTasks(actor, { q }), 20);
      const w = withIndex[name] ?? null;
      add(`baseline, no trigram index: ${name}`, s);
      ratios.push([name, w, s.p50, w && s.p50 ? `${(s.p50 / w).toFixed(1)}×` : null]);
    }
    console.log(`\nPostgres ${db.serverVersion} (${db.kind}), ${TASKS.toLocaleString('en')} tasks\n`);
    console.log(table(rows));
    console.log(`\n${table(ratios)}`);
    console.log(`\n${table(ratios2)}`);
    console.log(`\n${table(accuracy)}`);
    const overhead =
      withTriggers.p50 && withoutTriggers.p50 ? (withTriggers.p50 / withoutTriggers.p50).toFixed(2) : '–';
    const submitOverhead = insertWith.p50 && insertWithout.p50 ? (insertWith.p50 / insertWithout.p50).toFixed(2) : '–';
    console.log(
      `\nwith triggers / without (p50): run end ${overhead}×, submit ${submitOverhead}×; report p99 ms: ${JSON.stringify(reportP99)}`,
    );
  } finally {
    await closeDb();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
