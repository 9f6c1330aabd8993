import { describe, expect, it } from 'vitest';
import type { BatchInfo } from '../tasks/batch-schema';
import { createClient } from './client';
import { ValidationError } from './errors';

const batch = (status: BatchInfo['status'], progress: number, completed: number): BatchInfo => ({
  batch_id: 'batch_01JABCDEFGHJKMNPQRSTVWXYZ0',
  title: 'b',
  created_at: '2026-01-01T00:00:00.000Z',
  status,
  total: 2,
  counts: { pending: 2 - completed, processing: 0, completed, failed: 0, cancelled: 0 },
  progress,
  tasks: [],
});

/** A fake API whose GET answers the next state of `states` each time (the last one repeats). */
function fakeApi(states: BatchInfo[]) {
  const calls: { method: string; url: string; body: unknown; key: string | null }[] = [];
  let i = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    calls.push({
      method,
      url: String(input),
      body: init.body ? JSON.parse(String(init.body)) : null,
      key: headers.get('idempotency-key'),
    });
    if (method === 'POST')
      return Response.json({ batch_id: 'batch_x', task_ids: ['task_a', 'task_b'] }, { status: 202 });
    const state = states[Math.min(i++, states.length - 1)];
    return Response.json(state);
  };
  return { calls, client: createClient({ baseUrl: 'http://api', fetch: fetch as typeof globalThis.fetch }) };
}

describe('batches in the typed client', () => {
  it('submitBatch sends the novels with shared options and an idempotency key', async () => {
    const { calls, client } = fakeApi([]);
    const out = await client.submitBatch(['第一章\n甲', { novelContent: '第一章\n乙', title: '乙 🙂' }], {
      episodes: 3,
    });
    expect(out).toEqual({ batch_id: 'batch_x', task_ids: ['task_a', 'task_b'] });
    expect(calls[0]?.url).toBe('http://api/api/batches');
    expect(calls[0]?.body).toEqual({
      tasks: [{ novel_content: '第一章\n甲' }, { novel_content: '第一章\n乙', title: '乙 🙂' }],
      options: { episodes: 3 },
    });
    expect(calls[0]?.key).toBeTruthy();
  });

  it('refuses an empty batch or over 100 novels before sending anything', async () => {
    const { calls, client } = fakeApi([]);
    await expect(client.submitBatch([])).rejects.toBeInstanceOf(ValidationError);
    await expect(client.submitBatch(Array.from({ length: 101 }, () => 'x'))).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('waitForBatch reports each distinct state and resolves once no task waits or runs', async () => {
    const states = [
      batch('pending', 0, 0),
      batch('pending', 0, 0),
      batch('processing', 50, 1),
      batch('completed', 100, 2),
    ];
    const { client } = fakeApi(states);
    const seen: number[] = [];
    const done = await client.waitForBatch('batch_x', (b) => seen.push(b.progress), { pollIntervalMs: 1 });
    expect(done.status).toBe('completed');
    expect(seen).toEqual([0, 50, 100]);
  });

  it('waitForBatch gives up with a TimeoutError', async () => {
    const { client } = fakeApi([batch('processing', 10, 0)]);
    await expect(client.waitForBatch('batch_x', undefined, { pollIntervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject(
      {
        code: 'timeout',
      },
    );
  });
});
