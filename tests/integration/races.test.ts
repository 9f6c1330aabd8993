// Guarded transitions under races, called in-process against a real database: a stale run can
// never overwrite a newer state, and every task ends with exactly one terminal event.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScriptResult } from '../../lib/pipeline/schema';
import { inProcessDb } from '../helpers/in-process';

type RunMod = typeof import('../../lib/tasks/claim') &
  typeof import('../../lib/tasks/run-progress') &
  typeof import('../../lib/tasks/run-end');
type TasksMod = typeof import('../../lib/tasks');
let run: RunMod;
let tasks: TasksMod;
const db = inProcessDb({ MAX_ACTIVE_TASKS: '1000', SUBMIT_RATE_PER_MINUTE: '100000' });

const result: ScriptResult = {
  title: 't',
  logline: '',
  language: 'zh',
  characters: [],
  episodes: [
    {
      number: 1,
      title: 'e',
      summary: '',
      hook: '',
      chapters: [1],
      scenes: [
        {
          number: 1,
          location: '未庄',
          time: '日',
          interior: '外',
          characters: [],
          lines: [{ type: 'action', text: 'x' }],
        },
      ],
    },
  ],
  source: { chapters: [{ number: 1, title: 'c', chars: 1 }], characters_found: 0, total_chars: 1 },
  engine: { name: 'offline', model: null },
  usage: { calls: 0, prompt_tokens: 0, cached_tokens: 0, completion_tokens: 0, reasoning_tokens: 0, cost_usd: 0 },
  warnings: [],
};

beforeAll(async () => {
  run = {
    ...(await import('../../lib/tasks/claim')),
    ...(await import('../../lib/tasks/run-progress')),
    ...(await import('../../lib/tasks/run-end')),
  };
  tasks = await import('../../lib/tasks');
});

async function newTask() {
  const { task } = await tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“嗯。”' });
  const [row] = (
    await db.sql.query<{ job_id: string }>('SELECT job_id FROM script_tasks WHERE id = $1', [task.task_id])
  ).rows;
  return { id: task.task_id, jobId: row?.job_id as string };
}

async function started(id: string, jobId: string, worker: string) {
  const out = await run.startRun(id, jobId, worker);
  if (out.kind !== 'run') throw new Error(`expected a run, got ${out.reason}`);
  return out.run;
}

async function terminalEvents(id: string) {
  const { rows } = await db.sql.query<{ kind: string }>(
    "SELECT kind FROM task_events WHERE task_id = $1 AND kind IN ('completed', 'failed', 'cancelled') ORDER BY id",
    [id],
  );
  return rows.map((r) => r.kind);
}

describe('two workers on one task', () => {
  it('the later run takes over; the stale run can neither report progress nor complete', async () => {
    const { id, jobId } = await newTask();
    const first = await started(id, jobId, 'w1');
    const second = await started(id, jobId, 'w2'); // the job came back after w1 missed its heartbeat
    expect(second.attempts).toBe(first.attempts + 1);
    expect(
      await run.writeProgress({ taskId: id, runId: first.runId }, { progress: 50, stage: 'script', message: 'x' }),
    ).toBeNull();
    expect(await run.completeRun({ taskId: id, runId: first.runId }, result, 'zh')).toBe(false);
    expect(await run.completeRun({ taskId: id, runId: second.runId }, result, 'zh')).toBe(true);
    expect(await run.failRun({ taskId: id, runId: second.runId }, { code: 'x', message: 'x', retryable: false })).toBe(
      false,
    );
    expect(await terminalEvents(id)).toEqual(['completed']);
  });

  it('two workers claiming at once, then ending at once: only the run that holds the task ends it', async () => {
    // Which worker wins is up to the race; what must hold either way is checked each time.
    for (let i = 0; i < 10; i++) {
      const { id, jobId } = await newTask();
      // The job delivered twice (a missed heartbeat): both workers claim at the same moment.
      const [a, b] = await Promise.all([started(id, jobId, 'a'), started(id, jobId, 'b')]);
      // Each ends its own run at the same moment, one completing and one failing.
      const [completed, failed] = await Promise.all([
        run.completeRun({ taskId: id, runId: a.runId }, result, 'zh'),
        run.failRun({ taskId: id, runId: b.runId }, { code: 'boom', message: 'boom', retryable: false }),
      ]);
      const [row] = (
        await db.sql.query<{ status: string; run_id: string; attempts: number; has_result: boolean }>(
          'SELECT status, run_id::text, attempts, result IS NOT NULL AS has_result FROM script_tasks WHERE id = $1',
          [id],
        )
      ).rows;
      // Whichever claim landed second holds the task; only its end may land, and the row agrees.
      const holder = row?.run_id === a.runId ? 'a' : row?.run_id === b.runId ? 'b' : 'none';
      expect(holder).not.toBe('none');
      expect([completed, failed]).toEqual(holder === 'a' ? [true, false] : [false, true]);
      expect(row?.status).toBe(holder === 'a' ? 'completed' : 'failed');
      expect(row?.has_result).toBe(holder === 'a');
      expect(row?.attempts).toBe(2);
      expect(await terminalEvents(id)).toEqual([row?.status]);
      const starts = await db.sql.query('SELECT 1 FROM task_events WHERE task_id = $1 AND kind = $2', [id, 'started']);
      expect(starts.rowCount).toBe(2);
    }
  });
});

describe('cancel vs complete', () => {
  it('whichever lands first wins and the other changes nothing', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const { id, jobId } = await newTask();
      const r = await started(id, jobId, 'w');
      const ref = { taskId: id, runId: r.runId };
      await Promise.all([
        run.completeRun(ref, result, 'zh'),
        (async () => {
          await tasks.requestCancel(db.actor, id).catch((err: { status?: number }) => {
            if (err.status !== 409) throw err; // already completed: a conflict, as it should be
          });
          await run.cancelRun(ref, 'zh');
        })(),
      ]);
      const [row] = (
        await db.sql.query<{ status: string; has_result: boolean }>(
          'SELECT status, result IS NOT NULL AS has_result FROM script_tasks WHERE id = $1',
          [id],
        )
      ).rows;
      const ends = await terminalEvents(id);
      expect(ends).toHaveLength(1);
      expect(ends[0]).toBe(row?.status);
      expect(row?.has_result).toBe(row?.status === 'completed');
      seen.add(row?.status ?? '');
    }
    expect([...seen].every((s) => s === 'completed' || s === 'cancelled')).toBe(true);
  });

  it('a cancelled task stays cancelled when its stale run tries to complete', async () => {
    const { id, jobId } = await newTask();
    const r = await started(id, jobId, 'w');
    await tasks.requestCancel(db.actor, id);
    expect(await run.cancelRun({ taskId: id, runId: r.runId }, 'zh')).toBe(true);
    expect(await run.completeRun({ taskId: id, runId: r.runId }, result, 'zh')).toBe(false);
    expect((await tasks.getTaskInfo(db.actor, id)).status).toBe('cancelled');
  });
});

describe('stale jobs', () => {
  it('a task cancelled while waiting is skipped when its job is fetched', async () => {
    const { id, jobId } = await newTask();
    await tasks.requestCancel(db.actor, id);
    expect(await run.startRun(id, jobId, 'w')).toEqual({ kind: 'skip', reason: 'task already cancelled' });
  });

  it('after a re-run, the old job is superseded and cannot start the task', async () => {
    const { id, jobId } = await newTask();
    const r = await started(id, jobId, 'w');
    await run.failRun({ taskId: id, runId: r.runId }, { code: 'boom', message: 'boom', retryable: true });
    await tasks.retryTask(db.actor, id);
    expect(await run.startRun(id, jobId, 'w')).toEqual({ kind: 'skip', reason: 'job superseded by a newer attempt' });
  });

  it('progress never goes down within a run', async () => {
    const { id, jobId } = await newTask();
    const r = await started(id, jobId, 'w');
    await run.writeProgress({ taskId: id, runId: r.runId }, { progress: 60, stage: 'script', message: 'a' });
    await run.writeProgress({ taskId: id, runId: r.runId }, { progress: 30, stage: 'script', message: 'b' });
    expect((await tasks.getTaskInfo(db.actor, id)).progress).toBe(60);
  });
});
