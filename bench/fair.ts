// npm run bench:fair — the fair claim (lib/queue/fair-claim.ts) against pg-boss's own fetch
// (strict priority-then-age order, the baseline), in the same run, alternated round by round:
//   1. B's wait: 4 slots busy with user A's 200 queued tasks (each "runs" TASK_MS), then user B
//      queues one; how long until B's job is claimed, and how many of A's jobs were claimed by
//      claims begun after B's job was committed (fair: 0).
//   2. claim latency: one job claimed at a time, with 1 job waiting and with 2,000 waiting
//      (8 users × 250); each claimed job is completed before the next claim (not timed).
//   3. drain: 2,000 queued jobs (8 users), claimed 32 at a time and completed, as fast as possible.
// Claims and settles are real pg-boss 12 on a real Postgres; the tasks themselves are simulated,
// so these figures isolate the claim. Then end to end (bench/fair-e2e.ts), real worker processes
// running the offline engine, the fair claim against a worker whose fetch loop uses pg-boss's fetch:
//   4. pickup: an idle worker (4 slots), tasks submitted one at a time 20–50 ms apart; created_at →
//      started_at of each task.
//   5. drain: BENCH_FAIR_DRAIN_TASKS (1,000) tasks of 8 users queued, then one worker (32 slots)
//      drains them; tasks per second from the first start to the last finish.
// Writes bench/results/fair-latest.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchSql } from './db';
import { createBenchUsers, drain as e2eDrain, pickup as e2ePickup } from './fair-e2e';
import { startDb, UNTHROTTLED } from './stack';
import { groupedMedian, percentile, sleep, summary, table } from './stats';

const ROUNDS = Number(process.env.BENCH_FAIR_ROUNDS ?? 3);
const PICKUP_SAMPLES = Number(process.env.BENCH_FAIR_PICKUP_SAMPLES ?? 80);
const DRAIN_TASKS = Number(process.env.BENCH_FAIR_DRAIN_TASKS ?? 1000);
const TASK_MS = 40;
const SLOTS = 4;
const QUEUE = 'generate-script';
const t0 = Date.now();
const log = (s: string) => console.log(`[bench:fair ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);

type Claimed = { id: string; groupId?: string | null; group_id?: string | null };

/** lib/env reads DATABASE_URL once at import: start the database here, measure in a child. */
async function parent() {
  const db = await startDb(log);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename], {
      stdio: 'inherit',
      env: { ...process.env, ...UNTHROTTLED, BENCH_FAIR_CHILD: '1', DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
    });
    if (r.status !== 0) process.exitCode = 1;
  } finally {
    await db.stop();
  }
}

async function main() {
  const { getBoss, stopBoss } = await import('../lib/queue/boss');
  const { claimJobs } = await import('../lib/queue/fair-claim');
  const { getDb, closeDb } = await import('../lib/db/client');
  const boss = await getBoss();
  const cfg = { weights: { standard: 1, vip: 3 }, maxRunningPerUser: 1000 };
  const claimers: Record<'fair' | 'fifo', (n: number) => Promise<Claimed[]>> = {
    fair: (n) => claimJobs(n, cfg, boss),
    fifo: (n) => boss.fetch(QUEUE, { batchSize: n }) as Promise<Claimed[]>,
  };

  const reset = async () => {
    await getDb().$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = '${QUEUE}'`);
    await getDb().$executeRawUnsafe('DELETE FROM fair_shares');
  };
  const enqueue = async (user: string, n: number) => {
    const jobs = Array.from({ length: n }, (_, i) => ({
      data: { task_id: `bench-${user}-${i}` },
      group: { id: user, tier: 'standard' },
    }));
    for (let i = 0; i < jobs.length; i += 500) await boss.insert(QUEUE, jobs.slice(i, i + 500));
  };
  const complete = (jobs: Claimed[]) =>
    jobs.length
      ? boss.complete(
          QUEUE,
          jobs.map((j) => j.id),
        )
      : null;

  /** Phase 1: SLOTS loops claim one job, hold it TASK_MS, complete it; B arrives once A fills the slots. */
  async function bWait(kind: 'fair' | 'fifo'): Promise<{ wait_ms: number; a_before_b: number }> {
    await reset();
    await enqueue('user-a', 200);
    let bQueuedAt = 0;
    let bClaimedAt = 0;
    const aClaims: { start: number; end: number }[] = [];
    let stop = false;
    let started = 0;
    const slot = async () => {
      while (!stop) {
        const start = performance.now();
        const [job] = await claimers[kind](1);
        if (!job) {
          await sleep(2);
          continue;
        }
        started++;
        const isB = String((job as { data?: { task_id?: string } }).data?.task_id ?? '').includes('user-b');
        if (isB) {
          bClaimedAt = performance.now();
          stop = true;
        } else aClaims.push({ start, end: performance.now() });
        await sleep(TASK_MS);
        await complete([job]);
      }
    };
    const loops = Array.from({ length: SLOTS }, slot);
    while (started < SLOTS) await sleep(1);
    await enqueue('user-b', 1);
    bQueuedAt = performance.now();
    await Promise.all(loops);
    // Claims are serialised: an A job claimed by a claim begun after B was queued and ended before
    // B's claim ended took B's turn (fair: none; FIFO: every one of A's remaining jobs).
    const aBeforeB = aClaims.filter((c) => c.start > bQueuedAt && c.end < bClaimedAt).length;
    return { wait_ms: Math.round(bClaimedAt - bQueuedAt), a_before_b: aBeforeB };
  }

  /** A backlog that stays at least `waiting` deep for `samples` claims, across 8 users. */
  const backlog = async (waiting: number, samples: number) => {
    for (let u = 0; u < 8; u++) await enqueue(`user-${u}`, Math.ceil((waiting + samples) / 8));
  };

  /** Phase 2: `samples` single claims with `waiting` jobs queued across 8 users. */
  async function claimLatency(kind: 'fair' | 'fifo', waiting: number, samples: number): Promise<number[]> {
    await reset();
    // An idle queue gets one job per sample.
    if (waiting > 1) await backlog(waiting, samples);
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      if (waiting === 1) await enqueue(`user-${i % 8}`, 1);
      const t = performance.now();
      const jobs = await claimers[kind](1);
      out.push(performance.now() - t);
      await complete(jobs);
    }
    return out;
  }

  /** Phase 3: 2,000 jobs of 8 users, claimed 32 at a time and completed; jobs per second. */
  async function drain(kind: 'fair' | 'fifo'): Promise<number> {
    await reset();
    for (let u = 0; u < 8; u++) await enqueue(`user-${u}`, 250);
    const t = performance.now();
    let done = 0;
    for (;;) {
      const jobs = await claimers[kind](32);
      if (jobs.length === 0) break;
      await complete(jobs);
      done += jobs.length;
    }
    return Math.round((done / (performance.now() - t)) * 1000);
  }

  const results = {
    fair: {
      b_wait: [] as number[],
      a_before_b: [] as number[],
      idle: [] as number[],
      backlog: [] as number[],
      drain: [] as number[],
      e2e_pickup: [] as number[],
      e2e_drain: [] as number[],
    },
    fifo: {
      b_wait: [] as number[],
      a_before_b: [] as number[],
      idle: [] as number[],
      backlog: [] as number[],
      drain: [] as number[],
      e2e_pickup: [] as number[],
      e2e_drain: [] as number[],
    },
  };
  const load: number[][] = [os.loadavg()];
  if (process.env.BENCH_FAIR_EXPLAIN) {
    // Plans and buffers of one claim with 2,000 waiting: on a fresh queue, then in the state the
    // timed backlog phase runs in (after a round of every phase, 100 claims into the backlog).
    const { explainClaims } = await import('./fair-explain');
    const url = process.env.DATABASE_URL as string;
    const explain = (label: string) =>
      explainClaims(
        url,
        boss,
        () => claimers.fair(1),
        () => claimers.fair(1).then(complete),
        () => claimers.fifo(1).then(complete),
        label,
      );
    try {
      await backlog(2000, 200);
      await explain('fresh queue, 2,000 waiting');
      for (const kind of ['fifo', 'fair'] as const) {
        await bWait(kind);
        await claimLatency(kind, 1, 200);
        await claimLatency(kind, 2000, 200);
        await drain(kind);
      }
      await reset();
      await backlog(2000, 200);
      for (let i = 0; i < 100; i++) await claimers.fair(1).then(complete);
      await explain('after one round of every phase, 100 claims into the backlog phase');
    } finally {
      await stopBoss();
      await closeDb();
    }
    return;
  }
  try {
    await claimLatency('fifo', 1, 30); // warm-up of both paths, not counted
    await claimLatency('fair', 1, 30);
    for (let r = 0; r < ROUNDS; r++) {
      const order: ('fair' | 'fifo')[] = r % 2 === 0 ? ['fifo', 'fair'] : ['fair', 'fifo'];
      for (const kind of order) {
        const b = await bWait(kind);
        results[kind].b_wait.push(b.wait_ms);
        results[kind].a_before_b.push(b.a_before_b);
        results[kind].idle.push(...(await claimLatency(kind, 1, 200)));
        results[kind].backlog.push(...(await claimLatency(kind, 2000, 200)));
        results[kind].drain.push(await drain(kind));
        log(
          `round ${r + 1} ${kind}: B waited ${b.wait_ms} ms (${b.a_before_b} of A's first), drain ${results[kind].drain.at(-1)} jobs/s`,
        );
      }
    }
    const sql = BenchSql.open(process.env.DATABASE_URL as string);
    try {
      const users = await createBenchUsers(sql, 8);
      for (let r = 0; r < ROUNDS; r++) {
        const order: ('fair' | 'fifo')[] = r % 2 === 0 ? ['fair', 'fifo'] : ['fifo', 'fair'];
        for (const kind of order) {
          const url = process.env.DATABASE_URL as string;
          const p = await e2ePickup(kind, url, sql, users, PICKUP_SAMPLES);
          results[kind].e2e_pickup.push(...p.samples);
          const d = await e2eDrain(kind, url, sql, users, DRAIN_TASKS, 32);
          results[kind].e2e_drain.push(d.tasks_per_s);
          const ps = summary(p.samples);
          log(
            `e2e round ${r + 1} ${kind}: pickup p50 ${ps.p50} ms p95 ${ps.p95} ms (${p.never_started} never started), drain ${d.completed} tasks in ${d.seconds.toFixed(2)} s = ${d.tasks_per_s}/s`,
          );
        }
      }
    } finally {
      await sql.close();
    }
    load.push(os.loadavg());
  } finally {
    await stopBoss();
    await closeDb();
  }
  const fine = (xs: number[], p: number) => {
    const v = percentile(xs, p);
    return v === null ? null : Math.round(v * 100) / 100;
  };
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const s = (k: 'fair' | 'fifo') => ({
    b_wait_ms: results[k].b_wait,
    a_tasks_started_before_b: results[k].a_before_b,
    claim_idle_ms: summary(results[k].idle),
    claim_backlog_2000_ms: summary(results[k].backlog),
    drain_jobs_per_s: results[k].drain,
    e2e_pickup_ms: summary(results[k].e2e_pickup),
    e2e_drain_tasks_per_s: results[k].e2e_drain,
  });
  const out = {
    at: new Date().toISOString(),
    rounds: ROUNDS,
    slots: SLOTS,
    task_ms: TASK_MS,
    e2e: { pickup_samples_per_round: PICKUP_SAMPLES, drain_tasks: DRAIN_TASKS, drain_concurrency: 32 },
    load_average: {
      start: load[0]?.map((x) => Math.round(x * 100) / 100),
      end: load[1]?.map((x) => Math.round(x * 100) / 100),
    },
    fair: s('fair'),
    fifo: s('fifo'),
  };
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? Math.round((a / b) * 100) / 100 : null);
  type Kind = 'fair' | 'fifo';
  const measures: [string, (k: Kind) => number | null][] = [
    ['B wait, median ms', (k) => med(results[k].b_wait)],
    // Claims take well under a millisecond here: to 0.01 ms, so that the ratio is not one of
    // rounded tenths.
    ['claim p50 ms, 1 waiting', (k) => fine(results[k].idle, 50)],
    ['claim p95 ms, 1 waiting', (k) => fine(results[k].idle, 95)],
    ['claim p50 ms, 2,000 waiting', (k) => fine(results[k].backlog, 50)],
    ['claim p95 ms, 2,000 waiting', (k) => fine(results[k].backlog, 95)],
    ['drain jobs/s, median (32 a claim)', (k) => med(results[k].drain)],
    ['end to end: pickup p50 ms', (k) => out[k].e2e_pickup_ms.p50],
    // The samples are whole milliseconds (the task rows' timestamps): the median interpolated in
    // its bin shows shifts smaller than the plain median's one-millisecond steps.
    [
      'end to end: pickup p50 ms, interpolated',
      (k) => {
        const v = groupedMedian(results[k].e2e_pickup);
        return v === null ? null : Math.round(v * 100) / 100;
      },
    ],
    ['end to end: pickup p95 ms', (k) => out[k].e2e_pickup_ms.p95],
    [`end to end: drain tasks/s, median (${DRAIN_TASKS} tasks, 1 worker × 32)`, (k) => med(results[k].e2e_drain)],
  ];
  const rows = measures.map(([label, pick]) => [label, pick('fair'), pick('fifo'), ratio(pick('fair'), pick('fifo'))]);
  console.log(
    table([
      ['measure', 'fair claim', 'pg-boss fetch (FIFO)', 'fair / FIFO'],
      ...rows.slice(0, 1),
      ["A's tasks started before B (median)", med(results.fair.a_before_b), med(results.fifo.a_before_b), null],
      ...rows.slice(1),
    ]),
  );
  console.log(`load average at start ${out.load_average.start?.join(' ')}, at end ${out.load_average.end?.join(' ')}`);
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const ratios = Object.fromEntries(rows.map(([label, , , r]) => [label as string, r]));
  writeFileSync(
    path.join(dir, 'fair-latest.json'),
    `${JSON.stringify({ ...out, ratios_fair_over_fifo: ratios }, null, 2)}\n`,
  );
}

(process.env.BENCH_FAIR_CHILD ? main() : parent()).catch((err) => {
  console.error(err);
  process.exit(1);
});
