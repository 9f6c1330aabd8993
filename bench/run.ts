// npm run bench — submit throughput vs a raw-SQL baseline, pickup latency, and trivial-task
// end-to-end throughput, on loopback against the production build and real worker processes;
// then the LLM pipeline against the fake model (bench/llm.ts; BENCH_ONLY=llm runs only that).
// Prints a table and writes bench/results/latest.json. Every phase is capped in time.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUsers } from './api';
import { round } from './cpu';
import { BenchSql } from './db';
import { e2ePhase } from './e2e';
import { llmPhase, llmReport } from './llm';
import { pickupPhase } from './pickup';
import { report } from './report';
import { type BenchDb, build, type Proc, root, startDb, startWeb, startWorker } from './stack';
import { sleep } from './stats';
import { submitPhase } from './submit';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const CFG = {
  clients: num('BENCH_CLIENTS', 16),
  users: num('BENCH_USERS', 8),
  submitTotal: num('BENCH_SUBMIT_TASKS', 4000),
  pickupSamples: num('BENCH_PICKUP_SAMPLES', 250),
  e2eTasks: num('BENCH_E2E_TASKS', 2000),
  phaseSeconds: num('BENCH_PHASE_SECONDS', 30),
};

const t0 = Date.now();
const log = (s: string) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);

function machine() {
  let commit = null;
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    commit = null; // not a git checkout
  }
  return {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    commit,
  };
}

/** The LLM pipeline's phase (bench/llm.ts) needs no stack: in process, against the fake model. */
async function llmOnly(): Promise<void> {
  const llm = await llmPhase(log);
  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'llm.json'), `${JSON.stringify(llm, null, 2)}\n`);
  console.log(`\n${llmReport(llm)}\n`);
  log('wrote bench/results/llm.json');
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'llm') return llmOnly();
  const started = new Date();
  // Other work on the machine skews every figure: recorded, and CPU of other processes is shown.
  const load0 = os.loadavg().map((x) => round(x, 2));
  const procs: Proc[] = [];
  let db: BenchDb | null = null;
  let sql: BenchSql | null = null;
  const cleanup = async () => {
    await Promise.allSettled(procs.map((p) => p.stop(5_000)));
    await sql?.close().catch(() => undefined);
    await db?.stop().catch((err: Error) => console.warn('[bench] database stop failed:', err.message));
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const { distDir, stale } = build(log);
    db = await startDb(log, Boolean(process.env.BENCH_STATEMENTS));
    sql = BenchSql.open(db.url);
    const web = await startWeb(db.url, distDir);
    procs.push(web);
    log(`web on ${web.url} (pid ${web.pid})`);
    const users = await createUsers(web.url, CFG.users, Date.now().toString(36));
    const cpuRoots = { web: web.pid, postgres: db.postmasterPid };
    const ctx = { web: web.url, dbUrl: db.url, sql, users, cpuRoots, log };

    log('phase 1: submit throughput (API vs raw SQL), no worker running');
    const submit = await submitPhase(ctx, {
      clients: CFG.clients,
      total: CFG.submitTotal,
      warmup: 200,
      maxSeconds: CFG.phaseSeconds / 2,
    });

    log('phase 2: pickup latency, one idle worker (concurrency 4)');
    await sql.reset();
    const pickupWorker = await startWorker(db.url, 4, 'bench-pickup');
    procs.push(pickupWorker);
    await sleep(500);
    const pickup = await pickupPhase(web.url, sql, users[0] as (typeof users)[0], CFG.pickupSamples, CFG.phaseSeconds);
    await pickupWorker.stop();

    const e2e = [];
    for (const v of [
      { label: '1×32', workers: 1, drain: false },
      { label: '2×32', workers: 2, drain: false },
      { label: '1×32 drain', workers: 1, drain: true },
    ]) {
      log(`phase 3: ${CFG.e2eTasks} trivial tasks end to end, workers ${v.label}`);
      e2e.push(
        await e2ePhase(ctx, {
          ...v,
          tasks: CFG.e2eTasks,
          clients: CFG.clients,
          concurrency: 32,
          maxSeconds: CFG.phaseSeconds,
        }),
      );
    }

    log('phase 4: the LLM pipeline against the fake model (tokens; paced wall-clock)');
    const llm = await llmPhase(log);

    const result = {
      date: started.toISOString(),
      seconds: round((Date.now() - t0) / 1000, 1),
      machine: machine(),
      load_average_at_start: load0,
      database: { kind: db.kind, version: db.serverVersion },
      build: { dist_dir: distDir, stale },
      config: CFG,
      submit,
      pickup,
      e2e,
      llm,
    };
    const out = path.join(root, 'bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${report(result)}\n\n${llmReport(llm)}\n`);
    log(`wrote bench/results/latest.json`);
  } finally {
    await cleanup();
  }
}

main().catch((err: Error) => {
  console.error('[bench] failed:', err.stack ?? err.message);
  process.exit(1);
});
