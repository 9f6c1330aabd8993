// The quality report through the worker, for both engines: stored on the result, in the task API,
// in GET /result, in the md and docx headers and in the completed event.
import { describe, expect, it } from 'vitest';
import { docxText, unzip } from '../../lib/pipeline/export/unzip.test-util';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import { LEVEL_LABELS, MEASURE_KEYS, QualityReport } from '../../lib/pipeline/quality';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { signUp } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { settled, waitForTask } from '../helpers/wait';

const fake = await startFakeOpenAI();
const env = llmEnv(fake, { JOB_RETRY_LIMIT: '0' });
const stack = stackForFile({ workers: 1, env, workerEnv: env });
const AQ = readFixture('a-q-zhengzhuan.zh.txt');

describe.each([
  ['offline', 'offline'],
  ['fake-chat', 'llm'],
])('the quality report on a %s result', (model, engine) => {
  it('is stored once by the worker and served by the API and the md export', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(AQ, { title: '阿Q正传😀', model, episodes: 6 });
    const done = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 90_000 });
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.result?.engine.name).toBe(engine);
    const quality = QualityReport.parse(done.result?.quality);
    expect(quality.measures.map((m) => m.key)).toEqual(MEASURE_KEYS);
    expect(quality.episodes).toHaveLength(6);
    expect(quality.chapters).toHaveLength(9);
    // both engines read every chapter of 阿Q正传: none may be missing from the scenes
    expect(quality.issues.filter((i) => i.measure === 'coverage' && i.level === 'fail')).toEqual([]);

    const json = await (await user.fetch(`/api/tasks/${task.task_id}/result`)).json();
    expect(json.quality).toEqual(quality);
    const md = await (await user.fetch(`/api/tasks/${task.task_id}/result?format=md`)).text();
    expect(md.slice(0, md.indexOf('## 人物表'))).toMatch(/## 质量：(合格|注意|不合格)\n\n- 章节覆盖：\d+%/);
    const docx = await user.fetch(`/api/tasks/${task.task_id}/result?format=docx`);
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers.get('content-disposition')).toBe(
      `attachment; filename="_Q____.docx"; filename*=UTF-8''${encodeURIComponent('阿Q正传😀.docx')}`,
    );
    const lines = docxText(unzip(new Uint8Array(await docx.arrayBuffer())).get('word/document.xml') ?? '');
    expect(lines[0]).toBe('《阿Q正传😀》');
    expect(lines).toContain(`质量：${LEVEL_LABELS.zh[quality.level]}`);
    expect(lines.filter((l) => /^第\d+集 /.test(l))).toHaveLength(6);
    expect(lines.filter((l) => l.startsWith('【卡点】')).length).toBeGreaterThan(0);
    const history = (await (await user.fetch(`/api/tasks/${task.task_id}/history`)).json()) as {
      events: { kind: string; data: Record<string, unknown> }[];
    };
    expect(history.events.find((e) => e.kind === 'completed')?.data.quality).toBe(quality.level);
  }, 120_000);
});
