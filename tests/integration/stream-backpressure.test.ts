// A reader that does not read is not sent every state: the stream holds the newest and hands it
// over when the reader comes back, so memory per slow viewer stays flat however busy the task.
import { describe, expect, it } from 'vitest';
import { liveInProcess } from '../helpers/live-in-process';

const { db, mods } = liveInProcess(60);

describe('a slow reader', () => {
  it('gets the latest state when it reads, not a queue of every change', async () => {
    const { task } = await mods.tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“慢慢看。”' });
    const ctl = new AbortController();
    const stream = await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal);
    // A second viewer that reads at once: one read of the task serves every viewer, so once it
    // has seen the last change, the slow viewer holds that change too.
    const fast = (await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal)).getReader();
    const CHANGES = 120;
    for (let i = 1; i <= CHANGES; i++) {
      await db.sql.query(`UPDATE script_tasks SET progress = $2, updated_at = now() WHERE id = $1;`, [
        task.task_id,
        Math.min(99, i),
      ]);
      await db.sql.query('SELECT pg_notify($1, $2)', [mods.channels.CHANNELS.taskChanged, task.task_id]);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let seen = ''; !seen.includes('"progress":99'); ) {
      const { value, done } = await fast.read();
      if (done) throw new Error('the fast viewer’s stream ended before the last change');
      seen = new TextDecoder().decode(value);
    }
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const progress: number[] = [];
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && progress.at(-1) !== 99) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const m of decoder.decode(value).matchAll(/"progress":(\d+)/g)) progress.push(Number(m[1]));
    }
    ctl.abort();
    expect(progress.at(-1)).toBe(99);
    // the first state, maybe one already queued, then the newest: never the 100-odd in between
    expect(progress.length).toBeLessThanOrEqual(4);
    expect(mods.live.openStreams()).toBe(0);
  });
});
