// `npm run bench:fair`, end to end: tasks submitted through the product's own submit path
// (lib/tasks createTask: limits, rows, pg-boss job, NOTIFY in one transaction) and run by real
// worker processes on the offline engine — once with the fair claim (jobs/main.ts) and once with
// pg-boss's fetch (bench/fifo-worker.ts, the strict-FIFO baseline). Times come from the task rows
// (the database's clock): pickup is created_at → started_at, the drain first started_at → last
// finished_at.
import { randomUUID } from 'node:crypto';
import { body, tinyNovel } from './bodies';
import type { BenchSql } from './db';
import { type Proc, startWorker } from './stack';
import { sleep } from './stats';

export type ClaimKind = 'fair' | 'fifo';

const ENTRY: Record<ClaimKind, string> = { fair: 'jobs/main.ts', fifo: 'bench/fifo-worker.ts' };

interface BenchUser {
  id: string;
  tier: 'standard' | 'vip';
}

export async function createBenchUsers(sql: BenchSql, n: number): Promise<BenchUser[]> {
  const out: BenchUser[] = [];
  for (let i = 0; i < n; i++) {
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, name, tier) VALUES ($1, 'x', $2, 'standard') RETURNING id`,
      [`fair-e2e-${i}-${randomUUID()}@example.com`, `user ${i}`],
    );
    out.push({ id: row?.id as string, tier: 'standard' });
  }
  return out;
}

async function submitOne(user: BenchUser, i: number): Promise<string> {
  const { createTask } = await import('../lib/tasks');
  return (await createTask(user, JSON.parse(body(tinyNovel(i), `fair e2e ${i}`)))).task.task_id;
}

function worker(kind: ClaimKind, dbUrl: string, concurrency: number, label: string): Promise<Proc> {
  return startWorker(dbUrl, concurrency, `fair-${kind}-${label}`, {
    entry: ENTRY[kind],
    env: { MAX_RUNNING_PER_USER: '1000' },
  });
}

/** One idle worker (4 slots); `samples` tasks arrive one at a time, 20–50 ms apart, round robin over users. */
export async function pickup(kind: ClaimKind, dbUrl: string, sql: BenchSql, users: BenchUser[], samples: number) {
  await sql.reset();
  const w = await worker(kind, dbUrl, 4, 'pickup');
  try {
    await sleep(300);
    const ids: string[] = [];
    for (let i = 0; i < samples; i++) {
      ids.push(await submitOne(users[i % users.length] as BenchUser, i));
      await sleep(20 + Math.random() * 30);
    }
    await sql.waitForStatus('completed', ids.length, Date.now() + 30_000);
    const rows = await sql.query<{ ms: number | null }>(
      `SELECT extract(epoch FROM started_at - created_at) * 1000 AS ms FROM script_tasks WHERE id = ANY($1)`,
      [ids],
    );
    const ms = rows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
    return { samples: ms, never_started: rows.length - ms.length };
  } finally {
    await w.stop();
  }
}

/** `tasks` tasks of all users queued first; then one worker with `concurrency` slots drains them. */
export async function drain(
  kind: ClaimKind,
  dbUrl: string,
  sql: BenchSql,
  users: BenchUser[],
  tasks: number,
  concurrency: number,
) {
  await sql.reset();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < tasks; i = next++) await submitOne(users[i % users.length] as BenchUser, i);
    }),
  );
  const w = await worker(kind, dbUrl, concurrency, 'drain');
  try {
    const completed = await sql.waitForStatus('completed', tasks, Date.now() + 120_000);
    const t = await sql.one<{ first_start: number; last_finish: number }>(
      `SELECT extract(epoch FROM min(started_at)) * 1000 AS first_start,
              extract(epoch FROM max(finished_at)) * 1000 AS last_finish
       FROM script_tasks WHERE status = 'completed'`,
    );
    const seconds = (Number(t.last_finish) - Number(t.first_start)) / 1000;
    return { completed, seconds, tasks_per_s: Math.round((completed / seconds) * 10) / 10 };
  } finally {
    await w.stop();
  }
}
