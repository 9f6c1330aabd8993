// The baseline for submit throughput: what one submit must write, with pg directly and nothing
// else — per task one transaction inserting the script_tasks row, its task_inputs row, its first
// task_events row and its pg-boss job (pg-boss's own INSERT, executed on our connection).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { newTaskId } from '../lib/tasks/ids';
import { runConcurrent, sleep } from './stats';

export interface RawResult {
  done: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
}

export async function rawSubmit(
  url: string,
  userIds: string[],
  contents: string[],
  opts: { clients: number; total: number; maxSeconds: number },
): Promise<RawResult> {
  const pool = new pg.Pool({ connectionString: url, max: opts.clients, application_name: 'bench-raw' });
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false, migrate: false });
  boss.on('error', () => undefined);
  await boss.start();
  const latenciesMs: number[] = [];
  let errors = 0;
  const options = JSON.stringify({ model: 'offline', language: 'zh' });
  try {
    const t0 = performance.now();
    const done = await runConcurrent(opts.clients, opts.total, Date.now() + opts.maxSeconds * 1000, async (i) => {
      const content = contents[i % contents.length] ?? '';
      const userId = userIds[i % userIds.length] ?? '';
      const id = newTaskId();
      const jobId = randomUUID();
      const length = [...content].length;
      const s = performance.now();
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(
          `INSERT INTO script_tasks (id, user_id, title, message, options, novel_content_length, priority, estimated_time, job_id)
           VALUES ($1, $2::uuid, $3, $4, $5::jsonb, $6, 0, 1, $7::uuid)`,
          [id, userId, `raw ${i}`, '排队中', options, length, jobId],
        );
        await c.query('INSERT INTO task_inputs (task_id, content) VALUES ($1, $2)', [id, content]);
        await c.query(`INSERT INTO task_events (task_id, kind, data) VALUES ($1, 'created', $2::jsonb)`, [
          id,
          JSON.stringify({ length, options: JSON.parse(options), priority: 0 }),
        ]);
        await boss.send(
          'generate-script',
          { task_id: id },
          { id: jobId, priority: 0, db: { executeSql: (text: string, values?: unknown[]) => c.query(text, values) } },
        );
        await c.query('COMMIT');
        latenciesMs.push(performance.now() - s);
      } catch (err) {
        errors++;
        await c.query('ROLLBACK').catch(() => undefined);
        if (errors === 1) console.warn('[bench] raw insert failed:', (err as Error).message);
      } finally {
        c.release();
      }
    });
    return { done: done - errors, seconds: (performance.now() - t0) / 1000, latenciesMs, errors };
  } finally {
    await boss.stop({ graceful: false, close: true });
    await pool.end();
    await sleep(300); // let the backends exit, so their CPU time lands in the postmaster's cutime
  }
}
