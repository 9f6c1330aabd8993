// One change to a task watched by many viewers is read once, encoded once, and the very same bytes
// go to every viewer; one heartbeat timer pings every stream and re-checks access once per
// (credentials, task), ending every stream that shares a revoked check.
import { describe, expect, it } from 'vitest';
import { liveInProcess } from '../helpers/live-in-process';

const { db, mods } = liveInProcess(1);

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The next chunk whose text matches. */
async function next(reader: ReadableStreamDefaultReader<Uint8Array>, pred: (s: string) => boolean) {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended first');
    if (pred(text(value))) return value;
  }
}

describe('fan-out', () => {
  it('one change reaches every viewer as the same encoded bytes', async () => {
    const { task } = await mods.tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“大家都看。”' });
    const ctl = new AbortController();
    const readers = await Promise.all(
      Array.from({ length: 5 }, async () =>
        (await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal)).getReader(),
      ),
    );
    await db.sql.query('UPDATE script_tasks SET progress = 42, updated_at = now() WHERE id = $1', [task.task_id]);
    await db.sql.query('SELECT pg_notify($1, $2)', [mods.channels.CHANNELS.taskChanged, task.task_id]);
    const frames = await Promise.all(readers.map((r) => next(r, (s) => s.includes('"progress":42'))));
    for (const f of frames) expect(f).toBe(frames[0]); // one buffer, not five encodings
    const pings = await Promise.all(readers.map((r) => next(r, (s) => s === ': ping\n\n')));
    for (const p of pings) expect(p).toBe(pings[0]);
    ctl.abort();
    expect(mods.live.openStreams()).toBe(0);
  });

  it('a failed access check ends every stream sharing it, asked once per heartbeat', async () => {
    const { task } = await mods.tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“不许看了。”' });
    const ctl = new AbortController();
    let asked = 0;
    let allowed = true;
    const access = {
      key: `test|${task.task_id}`,
      check: async () => {
        asked++;
        return allowed;
      },
    };
    const readers = await Promise.all(
      Array.from({ length: 4 }, async () =>
        (await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal, { access })).getReader(),
      ),
    );
    for (let beats = 0; beats < 2; beats++) await Promise.all(readers.map((r) => next(r, (s) => s === ': ping\n\n')));
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(2); // once per beat for all four, not four times
    allowed = false;
    const ends = await Promise.all(readers.map((r) => next(r, (s) => s.includes('access_revoked'))));
    expect(ends).toHaveLength(4);
    expect(mods.live.openStreams()).toBe(0);
    ctl.abort();
  });
});
