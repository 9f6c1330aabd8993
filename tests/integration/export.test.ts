// GET /api/tasks/{id}/result?format=…: 409 until completed, 422 for an unknown format, 404 for
// another user's task, and each format as a download named after the title.
import { Fountain } from 'fountain-js';
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../lib/tasks/schema';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { waitForTask } from '../helpers/wait';

const stack = stackForFile({ workers: 0 });
const NOVEL = Array.from(
  { length: 4 },
  (_, i) => `第${i + 1}章\n\n阿Q说：“第${i + 1}回，我们先前比你阔多啦！”\n赵太爷骂道：“你也配姓赵！”\n`,
).join('\n');

const waitDone = (user: TestUser, id: string): Promise<TaskInfo> =>
  waitForTask(user.client, id, (t) => t.status === 'completed');

describe('script exports', () => {
  it('answers 409 before completion, then serves every format with a UTF-8 file name', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(NOVEL, { title: '阿Q正传', episodes: 2 });
    const early = await user.fetch(`/api/tasks/${task.task_id}/result?format=txt`);
    const earlyBody = await early.text();
    expect(early.status, earlyBody).toBe(409);
    expect((JSON.parse(earlyBody) as { error: { code: string } }).error.code).toBe('task_not_completed');
    await stack.addWorker();
    const done = await waitDone(user, task.task_id);

    const bad = await user.fetch(`/api/tasks/${task.task_id}/result?format=pdf`);
    expect(bad.status).toBe(422);
    const other = await signUp(stack.web.url, 'other');
    expect((await other.fetch(`/api/tasks/${task.task_id}/result?format=txt`)).status).toBe(404);

    const txt = await user.fetch(`/api/tasks/${task.task_id}/result?format=txt`);
    expect(txt.status).toBe(200);
    expect(txt.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('阿Q正传.txt')}`);
    const body = await txt.text();
    expect(body).toContain('第1集');
    expect(body).toContain('（第2集完）');

    const fountain = await (await user.fetch(`/api/tasks/${task.task_id}/result?format=fountain`)).text();
    const tokens = new Fountain().parse(fountain, true).tokens;
    const scenes = done.result?.episodes.reduce((n, e) => n + e.scenes.length, 0);
    expect(tokens.filter((t) => t.type === 'scene_heading')).toHaveLength(scenes ?? -1);

    const md = await user.fetch(`/api/tasks/${task.task_id}/result?format=md`);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    const json = await user.fetch(`/api/tasks/${task.task_id}/result`);
    expect(await json.json()).toEqual(done.result);
  }, 120_000);
});
