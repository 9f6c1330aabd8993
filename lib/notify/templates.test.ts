import { describe, expect, it } from 'vitest';
import type { TaskEventPayload } from './payload';
import { renderPushMessage, renderTaskMessage } from './templates';
import { clean, cut } from './text';

function payload(type: string, title: string, error: string | null = null): TaskEventPayload {
  return {
    type,
    timestamp: '2026-11-30T00:00:00.000Z',
    data: {
      task: {
        task_id: 'task_01M8NVCYNYVNW3K8C2Z4STQJYQ',
        status: type === 'task.failed' ? 'failed' : 'completed',
        progress: 100,
        message: '',
        created_at: '',
        updated_at: '',
        stage: null,
        title,
        error: error ? { code: 'x', message: error, retryable: false } : null,
        started_at: null,
        finished_at: null,
        attempts: 1,
        priority: 0,
        options: {},
        novel_content_length: 1,
        cancel_requested: false,
        urgent: false,
        batch_id: null,
      },
      url: 'https://app.example/tasks/task_01M8NVCYNYVNW3K8C2Z4STQJYQ',
      result_url: null,
      episodes: type === 'task.completed' ? 12 : null,
      duration_seconds: 125,
    },
  };
}

describe('notification text', () => {
  it('clean: NUL and controls become spaces, lone surrogates U+FFFD, emoji stay whole', () => {
    expect(clean('a\u0000b\r\nc')).toBe('a b  c');
    expect(clean('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(clean('🎭戏')).toBe('🎭戏');
  });

  it('cut never splits an emoji', () => {
    expect(cut('ab😀😀', 3)).toBe('ab😀…');
    expect(cut('😀', 1)).toBe('😀');
  });

  it('a completed task in zh: subject, episodes, duration and link', () => {
    const m = renderTaskMessage(payload('task.completed', '阿Q\u0000正传 😀'), 'zh');
    expect(m.subject).toBe('剧本已完成：《阿Q 正传 😀》');
    expect(m.text).toContain('集数: 12 集');
    expect(m.text).toContain('用时: 2 分 5 秒');
    expect(m.text).toContain('打开任务: https://app.example/tasks/task_01M8NVCYNYVNW3K8C2Z4STQJYQ');
    expect(m.html).toContain('<a href="https://app.example/tasks/task_01M8NVCYNYVNW3K8C2Z4STQJYQ">');
  });

  it('a failed task in en gives the reason; HTML escapes what the title holds', () => {
    const m = renderTaskMessage(payload('task.failed', '<b>Alice</b>', 'The model refused: 😀'.repeat(10)), 'en');
    expect(m.subject).toBe('Script failed: “<b>Alice</b>”');
    expect(m.text).toContain('Reason: The model refused: 😀');
    expect(m.html).toContain('&lt;b&gt;Alice&lt;/b&gt;');
    expect(m.html).not.toContain('<b>Alice');
    expect(m.short.toWellFormed()).toBe(m.short);
  });

  it('push: {title, body, url} in the language, controls and lone surrogates cleaned, cut at a code point', () => {
    const done = payload('task.completed', 'A\u0000Q\ud800 😀');
    expect(renderPushMessage(done, 'zh')).toEqual({
      title: '剧本已完成：《A Q\ufffd 😀》',
      body: '点击查看任务',
      url: 'https://app.example/tasks/task_01M8NVCYNYVNW3K8C2Z4STQJYQ',
    });
    expect(renderPushMessage(done, 'en').body).toBe('Open the task');
    const long = renderPushMessage(payload('task.completed', '😀'.repeat(200)), 'en').title;
    expect(Array.from(long)).toHaveLength(101); // 100 code points and the ellipsis
    expect(long.isWellFormed()).toBe(true);
    const failed = renderPushMessage(payload('task.failed', 't', `bad\u0007${'😀'.repeat(130)}`), 'en');
    expect(failed.title).toBe('Script failed: “t”');
    expect(failed.body.startsWith('bad 😀')).toBe(true);
    expect(Array.from(failed.body)).toHaveLength(121);
    expect(failed.body.isWellFormed()).toBe(true);
  });
});
