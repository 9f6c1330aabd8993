// GET /api/tasks/{id}/partial against a real worker and the fake OpenAI server made slow while it
// writes episodes: the script grows scene by scene while the task runs, another user gets 404,
// an admin sees it, and the finished result starts with what the partial endpoint showed.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import type { PartialScriptView } from '../../lib/tasks';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { settled, waitForTask } from '../helpers/wait';

const fake = await startFakeOpenAI();
const env = llmEnv(fake, { JOB_RETRY_LIMIT: '1' });
const stack = stackForFile({ workers: 1, env, workerEnv: env });
const AQ = readFixture('a-q-zhengzhuan.zh.txt');

const scenesOf = (v: PartialScriptView) => v.episodes.reduce((n, e) => n + e.scenes.length, 0);

async function partial(user: TestUser, id: string): Promise<PartialScriptView> {
  const res = await user.fetch(`/api/tasks/${id}/partial`);
  expect(res.status).toBe(200);
  return (await res.json()) as PartialScriptView;
}

describe('GET /api/tasks/{id}/partial', () => {
  it('grows scene by scene while the episodes are written; the result starts with what it showed', async () => {
    fake.reset();
    // ~40 chunks per episode × 100 ms: each episode streams for a few seconds.
    fake.faults.add({ kind: 'slow', delayMs: 100, step: 'episode', times: 1000 });
    const user = await signUp(stack.web.url);
    const other = await signUp(stack.web.url, 'other');
    const admin = await signUp(stack.web.url, 'admin');
    await stack.sql('UPDATE users SET role = $1 WHERE id = $2', ['admin', admin.id]);
    const task = await user.client.submitScriptGenerationTask(AQ.slice(0, 12_000), {
      title: '阿Q正传（节选）',
      model: 'fake-chat',
      episodes: 6,
    });

    // Read the partial script after every live update of the task (progress writes carry the
    // checkpoints), one read at a time, in order.
    const polls: PartialScriptView[] = [];
    let sawOther = false;
    const readPartial = async () => {
      const view = await partial(user, task.task_id);
      if (view.status === 'processing') polls.push(view);
      if (!sawOther && view.episodes.length > 0) {
        // Another user's task looks missing; an admin sees everyone's.
        const res = await other.fetch(`/api/tasks/${task.task_id}/partial`);
        expect(res.status).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
        expect((await partial(admin, task.task_id)).episodes.length).toBeGreaterThan(0);
        sawOther = true;
      }
    };
    let reading = Promise.resolve();
    await waitForTask(user.client, task.task_id, settled, {
      timeoutMs: 120_000,
      onUpdate: (t) => {
        if (t.status === 'processing') reading = reading.then(readPartial);
      },
    });
    await reading;
    const done = await user.client.queryTaskStatus(task.task_id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(sawOther).toBe(true);

    // Growth: a later poll shows strictly more scenes than an earlier one, episodes get added,
    // and an episode was seen half-written (some scenes, not complete) before it was finished.
    const withScenes = polls.filter((p) => scenesOf(p) > 0);
    expect(withScenes.length).toBeGreaterThan(2);
    const first = withScenes[0] as PartialScriptView;
    const last = withScenes[withScenes.length - 1] as PartialScriptView;
    expect(scenesOf(last)).toBeGreaterThan(scenesOf(first));
    expect(last.episodes.length).toBeGreaterThan(first.episodes.length);
    expect(last.complete).toBeGreaterThan(first.complete);
    for (let i = 1; i < withScenes.length; i++) {
      expect(scenesOf(withScenes[i] as PartialScriptView)).toBeGreaterThanOrEqual(
        scenesOf(withScenes[i - 1] as PartialScriptView),
      );
    }
    const halfWritten = polls.flatMap((p) => p.episodes).filter((e) => !e.complete && e.scenes.length > 0);
    expect(halfWritten.length).toBeGreaterThan(0);
    for (const p of polls) {
      expect(p.episodes.map((e) => e.number)).toEqual([...p.episodes.map((e) => e.number)].sort((a, b) => a - b));
      expect(p.complete).toBe(p.episodes.filter((e) => e.complete).length);
    }

    // The result starts with what the partial endpoint showed: same titles and scene counts.
    const episodes = done.result?.episodes ?? [];
    expect(episodes).toHaveLength(6);
    const shown = last.episodes.filter((e) => e.complete);
    expect(shown.length).toBeGreaterThan(0);
    for (const ep of shown) {
      const final = episodes.find((e) => e.number === ep.number);
      expect(final?.title).toBe(ep.title);
      expect(final?.scenes.length).toBe(ep.scenes.length);
      expect(final?.scenes.map((s) => s.location)).toEqual(ep.scenes.map((s) => s.location));
    }
    for (const ep of halfWritten) {
      const final = episodes.find((e) => e.number === ep.number);
      expect(final?.title).toBe(ep.title);
      expect(final?.scenes.length).toBeGreaterThanOrEqual(ep.scenes.length);
    }

    // Completed: nothing partial, a pointer to the result.
    const after = await partial(user, task.task_id);
    expect(after).toMatchObject({ status: 'completed', episodes: [], complete: 0 });
    expect(after.result_url).toBe(`/api/tasks/${task.task_id}/result`);
    expect((await other.fetch(`/api/tasks/${task.task_id}/partial`)).status).toBe(404);
  }, 180_000);

  it('a missing or malformed task id is a 404; no token is a 401', async () => {
    const user = await signUp(stack.web.url);
    expect((await user.fetch('/api/tasks/task_01ARZ3NDEKTSV4RRFFQ69G5FAV/partial')).status).toBe(404);
    expect((await user.fetch('/api/tasks/nope/partial')).status).toBe(404);
    expect((await fetch(`${stack.web.url}/api/tasks/task_01ARZ3NDEKTSV4RRFFQ69G5FAV/partial`)).status).toBe(401);
  });
});
