// Server-Sent Events for one batch: `event: batch` with the batch (counts, progress, tasks) at once
// and whenever one of its tasks changes — reads coalesced, at most one in flight per stream —
// heartbeat comments, and `event: end` once no task of it is waiting or running.
import { env } from '../env';
import type { Actor } from '../tasks';
import { batchTaskIds, getBatch, readBatchForViewers } from '../tasks/batch-queries';
import type { BatchInfo } from '../tasks/batch-schema';
import { CHANNELS } from './channels';
import { getHub } from './hub';
import { sseWriter } from './sse';

const isOver = (b: BatchInfo) => b.status !== 'pending' && b.status !== 'processing';

export async function openBatchStream(
  actor: Actor,
  batchId: string,
  signal: AbortSignal,
  opts: { heartbeatMs?: number } = {},
) {
  const first = await getBatch(actor, batchId); // 404 for a batch the actor may not see
  const members = new Set(await batchTaskIds(batchId));
  const hub = getHub();
  await hub.ready();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = '';
      let inflight = false;
      let dirty = false;
      const out = sseWriter(controller, () => cleanup());
      const { send, close } = out;
      const push = (b: BatchInfo) => {
        const key = JSON.stringify(b);
        if (key === lastSent) return;
        lastSent = key;
        send(`event: batch\ndata: ${key}\n\n`);
        if (isOver(b)) {
          send('event: end\ndata: {}\n\n');
          close();
        }
      };
      const refresh = () => {
        if (out.closed) return;
        if (inflight) {
          dirty = true;
          return;
        }
        inflight = true;
        readBatchForViewers(batchId)
          .then((b) => b && push(b))
          .catch(() => undefined) // the next change or the client's reconnect resyncs
          .finally(() => {
            inflight = false;
            if (dirty) {
              dirty = false;
              refresh();
            }
          });
      };
      const offChanged = hub.on(CHANNELS.taskChanged, (taskId) => {
        if (members.has(taskId)) refresh();
      });
      const offReconnect = hub.onReconnect(refresh);
      const heartbeat = setInterval(() => send(': ping\n\n'), opts.heartbeatMs ?? env.SSE_HEARTBEAT_SECONDS * 1000);
      const onAbort = () => close();
      signal.addEventListener('abort', onAbort);
      cleanup = () => {
        clearInterval(heartbeat);
        offChanged();
        offReconnect();
        signal.removeEventListener('abort', onAbort);
      };
      send('retry: 2000\n\n');
      push(first);
      refresh(); // a change may have committed between the first read and subscribing
    },
    cancel() {
      cleanup();
    },
  });
}
