// Phase 3 — trivial tasks end to end with every progress write: tiny novels submitted as fast as
// the API takes them while workers run (or, for the drain variant, submitted first and then
// drained), timed from the first submit to the last finished_at.
import { type BenchUser, submit } from './api';
import { body, tinyNovel } from './bodies';
import { cpuMeter, cpuSeconds, round } from './cpu';
import { diffCounters } from './db';
import { type PhaseContext, type Proc, startWorker } from './stack';
import { runConcurrent, summary } from './stats';

export interface E2eConfig {
  label: string;
  tasks: number;
  clients: number;
  workers: number;
  concurrency: number;
  /** Submit everything first with no worker, then start the workers and time the drain only. */
  drain: boolean;
  maxSeconds: number;
}

export async function e2ePhase(ctx: PhaseContext, cfg: E2eConfig) {
  const { web, dbUrl, sql, users, cpuRoots, log } = ctx;
  await sql.reset();
  log(`  ${cfg.drain ? 'submitting first, then draining' : 'submitting while workers run'}…`);
  const workers: Proc[] = [];
  /** Each worker's CPU seconds when it became ready (startup — tsx, Prisma — is not counted). */
  const readyCpu: number[] = [];
  const startWorkers = async () => {
    for (let w = 0; w < cfg.workers; w++) {
      const p = await startWorker(dbUrl, cfg.concurrency, `bench-${cfg.label}-${w}`);
      workers.push(p);
      readyCpu.push(cpuSeconds({ p: p.pid }).p ?? 0);
    }
  };
  if (!cfg.drain) await startWorkers();
  const before = await sql.counters();
  await sql.topStatements(); // resets pg_stat_statements when loaded
  const cpu = cfg.drain ? null : cpuMeter(cpuRoots);

  const deadline = Date.now() + cfg.maxSeconds * 1000;
  const firstSubmit = Date.now();
  let rejected = 0;
  const submitted = await runConcurrent(cfg.clients, cfg.tasks, deadline, async (i, c) => {
    const r = await submit(web, (users[c % users.length] as BenchUser).token, body(tinyNovel(i), `e2e ${i}`));
    if (!r.ok) rejected++;
  });
  const submitSeconds = (Date.now() - firstSubmit) / 1000;
  const accepted = submitted - rejected;

  let drainCpu = null;
  if (cfg.drain) {
    const m = cpuMeter(cpuRoots);
    await startWorkers();
    drainCpu = m;
  }
  // The drain gets its own time cap; live runs get a few seconds past the submit cap to finish.
  const finishBy = cfg.drain ? Date.now() + cfg.maxSeconds * 1000 : deadline + 5_000;
  const completed = await sql.waitForStatus('completed', accepted, finishBy);
  const cpuUsed = (cpu ?? drainCpu)?.stop() ?? null;
  const workerCpu = Object.fromEntries(
    workers.map((w, i) => {
      const now = cpuSeconds({ p: w.pid }).p;
      return [`worker${i}`, now == null ? null : round(now - (readyCpu[i] ?? 0), 2)];
    }),
  );
  const statements = await sql.topStatements();
  await Promise.all(workers.map((w) => w.stop()));
  const after = await sql.counters();

  const t = await sql.one<{ first_start: number; last_finish: number; first_created: number }>(
    `SELECT extract(epoch FROM min(started_at)) * 1000 AS first_start,
            extract(epoch FROM max(finished_at)) * 1000 AS last_finish,
            extract(epoch FROM min(created_at)) * 1000 AS first_created
     FROM script_tasks WHERE status = 'completed'`,
  );
  const spans = await sql.query<{ wait: number; run: number }>(
    `SELECT extract(epoch FROM started_at - created_at) * 1000 AS wait,
            extract(epoch FROM finished_at - started_at) * 1000 AS run
     FROM script_tasks WHERE status = 'completed'`,
  );
  const perTask = await sql.one<{ stage_started: number; events: number; max_stages: number; min_stages: number }>(
    `SELECT avg(s)::float8 AS stage_started, avg(e)::float8 AS events, max(s) AS max_stages, min(s) AS min_stages
     FROM (SELECT task_id, count(*) FILTER (WHERE kind = 'stage_started') AS s, count(*) AS e
           FROM task_events GROUP BY task_id) x`,
  );
  const start = cfg.drain ? Number(t.first_start) : firstSubmit;
  const seconds = (Number(t.last_finish) - start) / 1000;
  const diff = diffCounters(before, after);
  const per = (x: number | undefined) => (completed ? round((x ?? 0) / completed, 2) : null);
  return {
    label: cfg.label,
    workers: cfg.workers,
    concurrency: cfg.concurrency,
    clients: cfg.clients,
    drain: cfg.drain,
    submitted: accepted,
    rejected,
    completed,
    submit_seconds: round(submitSeconds, 2),
    submit_tasks_per_s: round(accepted / submitSeconds, 1),
    seconds: round(seconds, 2),
    completed_per_s: round(completed / seconds, 1),
    queue_wait_ms: summary(spans.map((s) => Number(s.wait))),
    run_ms: summary(spans.map((s) => Number(s.run))),
    per_task: {
      stage_started_events: round(perTask.stage_started, 2),
      events: round(perTask.events, 2),
      script_tasks_updates: per(diff.byTable['public.script_tasks']?.upd),
      script_tasks_hot_updates: per(diff.byTable['public.script_tasks']?.hot),
      job_updates: per(diff.byTable['pgboss.job*']?.upd),
      commits: per(diff.commits),
    },
    table_writes: diff.byTable,
    cpu_s: { ...cpuUsed, ...workerCpu },
    ...(statements ? { statements } : {}),
  };
}
