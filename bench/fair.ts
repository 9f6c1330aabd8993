// npm run bench:fair — the fair claim (lib/queue/fair-claim.ts) against pg-boss's own fetch
// (strict priority-then-age order, the baseline), in the same run, alternated round by round:
//   1. B's wait: 4 slots busy with user A's 200 queued tasks (each "runs" TASK_MS), then user B
//      queues one; how long until B's job is claimed, and how many of A's jobs were claimed by
//      claims begun after B's job was committed (fair: 0).
//   2. claim latency: one job claimed at a time, with 1 job waiting and with 2,000 waiting
//      (8 users × 250); each claimed job is completed before the next claim (not timed).
//   3. drain: 2,000 queued jobs (8 users), claimed 32 at a time and completed, as fast as possible.
// Claims and settles are real pg-boss 12 on a real Postgres; the tasks themselves are simulated,
// so the figures isolate the claim. Writes bench/results/fair-latest.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDb } from './stack';
import { sleep, summary, table } from './stats';

const ROUNDS = Number(process.env.BENCH_FAIR_ROUNDS ?? 3);
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
      env: { ...process.env, BENCH_FAIR_CHILD: '1', DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
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
    fair: (n) => claimJobs(n, cfg),
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

  /** Phase 2: `samples` single claims with `waiting` jobs queued across 8 users. */
  async function claimLatency(kind: 'fair' | 'fifo', waiting: number, samples: number): Promise<number[]> {
    await reset();
    // A backlog stays at least `waiting` deep for every sample; an idle queue gets one job per sample.
    if (waiting > 1) for (let u = 0; u < 8; u++) await enqueue(`user-${u}`, Math.ceil((waiting + samples) / 8));
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
    },
    fifo: {
      b_wait: [] as number[],
      a_before_b: [] as number[],
      idle: [] as number[],
      backlog: [] as number[],
      drain: [] as number[],
    },
  };
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
  } finally {
    await stopBoss();
    await closeDb();
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const s = (k: 'fair' | 'fifo') => ({
    b_wait_ms: results[k].b_wait,
    a_tasks_started_before_b: results[k].a_before_b,
    claim_idle_ms: summary(results[k].idle),
    claim_backlog_2000_ms: summary(results[k].backlog),
    drain_jobs_per_s: results[k].drain,
  });
  const out = {
    at: new Date().toISOString(),
    rounds: ROUNDS,
    slots: SLOTS,
    task_ms: TASK_MS,
    fair: s('fair'),
    fifo: s('fifo'),
  };
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : null);
  console.log(
    table([
      ['measure', 'fair claim', 'pg-boss fetch (FIFO)', 'fair / FIFO'],
      [
        'B wait, median ms',
        med(results.fair.b_wait),
        med(results.fifo.b_wait),
        ratio(med(results.fair.b_wait), med(results.fifo.b_wait)),
      ],
      ["A's tasks started before B (median)", med(results.fair.a_before_b), med(results.fifo.a_before_b), null],
      [
        'claim p50 ms, 1 waiting',
        out.fair.claim_idle_ms.p50,
        out.fifo.claim_idle_ms.p50,
        ratio(out.fair.claim_idle_ms.p50 ?? 0, out.fifo.claim_idle_ms.p50 ?? 0),
      ],
      [
        'claim p95 ms, 1 waiting',
        out.fair.claim_idle_ms.p95,
        out.fifo.claim_idle_ms.p95,
        ratio(out.fair.claim_idle_ms.p95 ?? 0, out.fifo.claim_idle_ms.p95 ?? 0),
      ],
      [
        'claim p50 ms, 2,000 waiting',
        out.fair.claim_backlog_2000_ms.p50,
        out.fifo.claim_backlog_2000_ms.p50,
        ratio(out.fair.claim_backlog_2000_ms.p50 ?? 0, out.fifo.claim_backlog_2000_ms.p50 ?? 0),
      ],
      [
        'drain jobs/s, median (32 a claim)',
        med(results.fair.drain),
        med(results.fifo.drain),
        ratio(med(results.fair.drain), med(results.fifo.drain)),
      ],
    ]),
  );
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'fair-latest.json'), `${JSON.stringify(out, null, 2)}\n`);
}

(process.env.BENCH_FAIR_CHILD ? main() : parent()).catch((err) => {
  console.error(err);
  process.exit(1);
});
