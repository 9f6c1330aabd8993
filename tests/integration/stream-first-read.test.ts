// Viewers opening within a second share one first read of the task, kept until the task changes;
// a viewer needs a catch-up read only when a change was announced after its first read began.
import { describe, expect, it } from 'vitest';
import { liveInProcess } from '../helpers/live-in-process';
import { waitUntil } from '../helpers/wait';

const { db, mods } = liveInProcess(1);

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The next task frame; fails when none comes within `ms`. */
async function nextTask(reader: ReadableStreamDefaultReader<Uint8Array>, ms = 3_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no task frame in time')), Math.max(0, deadline - Date.now()));
    });
    const { value, done } = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
    if (done) throw new Error('the stream ended first');
    const s = text(value);
    if (s.startsWith('event: task')) return s;
  }
}

async function change(taskId: string, progress: number): Promise<void> {
  await db.sql.query('UPDATE script_tasks SET progress = $2, updated_at = now() WHERE id = $1', [taskId, progress]);
  await db.sql.query('SELECT pg_notify($1, $2)', [mods.channels.CHANNELS.taskChanged, taskId]);
}

describe('first reads', () => {
  it('a kept first read is not served once the task changed', async () => {
    const { task } = await mods.tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“先看。”' });
    const ctl = new AbortController();
    const a = (await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal)).getReader();
    expect(await nextTask(a)).toContain('"progress":0');
    await change(task.task_id, 42);
    expect(await nextTask(a)).toContain('"progress":42');
    // within the second the first read is kept: the next viewer still starts from the new state
    const b = (await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal)).getReader();
    expect(await nextTask(b)).toContain('"progress":42');
    ctl.abort();
  });

  it('a change announced between the first read and the stream starting reaches the viewer', async () => {
    const { task } = await mods.tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“后看。”' });
    const ctl = new AbortController();
    const viewer = await mods.live.openTaskViewer(db.actor, task.task_id);
    // a second viewer, already streaming, tells when this process has seen the change
    const witness = (await mods.live.openTaskStream(db.actor, task.task_id, ctl.signal)).getReader();
    expect(await nextTask(witness)).toContain('"progress":0');
    await change(task.task_id, 7);
    expect(await nextTask(witness)).toContain('"progress":7');
    // every read of that change has landed
    await waitUntil(() => mods.live.readsInFlight() === 0, { what: 'reads of the change landed', timeoutMs: 5_000 });
    const late = mods.live.viewerStream(viewer, ctl.signal).getReader();
    expect(await nextTask(late)).toContain('"progress":0'); // its first read, from before the change
    expect(await nextTask(late)).toContain('"progress":7'); // then the catch-up read
    ctl.abort();
    await waitUntil(() => mods.live.openStreams() === 0, { what: 'streams closed', timeoutMs: 5_000 });
  });
});
