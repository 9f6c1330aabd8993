// Reads a task's SSE stream into a list of messages (with arrival times) until it ends.
import { type SseMessage, SseParser } from '../../lib/client';
import type { TaskInfo } from '../../lib/tasks/schema';

export interface Received {
  at: number;
  msg: SseMessage;
  task?: TaskInfo;
}

export async function collectStream(
  url: string,
  token: string,
  opts: { timeoutMs?: number; onMessage?: (r: Received) => void } = {},
): Promise<{ messages: Received[]; comments: number; status: number; contentType: string | null; ended: boolean }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const messages: Received[] = [];
  const parser = new SseParser();
  let ended = false;
  const result = () => ({
    messages,
    comments: parser.comments,
    status: res.status,
    contentType: res.headers.get('content-type'),
    ended,
  });
  if (!res.body || res.status !== 200) {
    clearTimeout(timer);
    return result();
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const msg of parser.push(decoder.decode(value, { stream: true }))) {
        const r: Received = { at: Date.now(), msg };
        if (msg.event === 'task') r.task = JSON.parse(msg.data) as TaskInfo;
        messages.push(r);
        opts.onMessage?.(r);
        if (msg.event === 'end') ended = true;
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return result();
}
