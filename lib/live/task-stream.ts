// Server-Sent Events for one task: the current TaskInfo at once, then every change pushed through
// the process's shared LISTEN connection, heartbeat comments, and `event: end` after a terminal
// state. Per process, each NOTIFY costs at most one read per watched task, however many viewers.
import { env } from '../env';
import { metrics } from '../metrics/registry';
import { type Actor, getTaskInfo, readTaskForViewers } from '../tasks';
import { isTerminal, type TaskInfo } from '../tasks/schema';
import { CHANNELS } from './channels';
import { getHub } from './hub';
import { sseWriter } from './sse';

type Viewer = (info: TaskInfo) => void;
const viewers = new Map<string, Set<Viewer>>();
const inflight = new Map<string, Promise<void>>();
/** Tasks that changed again while their read was in flight: read once more when it lands. */
const dirty = new Set<string>();
let wired = false;

function wire(): void {
  if (wired) return;
  wired = true;
  const hub = getHub();
  const refresh = (taskId: string): void => {
    if (!viewers.has(taskId)) return;
    if (inflight.has(taskId)) {
      dirty.add(taskId);
      return;
    }
    // Every viewer of this task passed getTaskInfo when it subscribed: read once for all of them.
    const p = readTaskForViewers(taskId)
      .then((info) => {
        if (info) for (const v of viewers.get(taskId) ?? []) v(info);
      })
      .catch(() => undefined) // the next NOTIFY or the viewer's reconnect resyncs
      .finally(() => {
        inflight.delete(taskId);
        if (dirty.delete(taskId)) refresh(taskId);
      });
    inflight.set(taskId, p);
  };
  hub.on(CHANNELS.taskChanged, refresh);
  hub.onReconnect(() => {
    for (const id of viewers.keys()) refresh(id);
  });
}

export interface StreamOptions {
  heartbeatMs?: number;
}

/** Caller has checked that `actor` may see the task (getTaskInfo throws 404 otherwise). */
export async function openTaskStream(actor: Actor, taskId: string, signal: AbortSignal, opts: StreamOptions = {}) {
  const first = await getTaskInfo(actor, taskId);
  const hub = getHub();
  await hub.ready();
  wire();

  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = '';
      let lastUpdated = '';
      const out = sseWriter(controller, () => cleanup());
      const { send, close } = out;
      const push: Viewer = (info) => {
        const key = `${info.status}|${info.progress}|${info.message}|${info.updated_at}`;
        // ISO timestamps compare as strings; an older read arriving late is dropped.
        if (key === lastSent || info.updated_at < lastUpdated) return;
        lastSent = key;
        lastUpdated = info.updated_at;
        send(`event: task\nid: ${info.updated_at}\ndata: ${JSON.stringify(info)}\n\n`);
        if (isTerminal(info.status)) {
          send('event: end\ndata: {}\n\n');
          close();
        }
      };
      let set = viewers.get(taskId);
      if (!set) {
        set = new Set();
        viewers.set(taskId, set);
      }
      set.add(push);
      const heartbeat = setInterval(() => send(': ping\n\n'), opts.heartbeatMs ?? env.SSE_HEARTBEAT_SECONDS * 1000);
      const onAbort = () => close();
      signal.addEventListener('abort', onAbort);
      metrics.sseOpen.inc();
      let counted = true;
      cleanup = () => {
        if (counted) metrics.sseOpen.dec();
        counted = false;
        clearInterval(heartbeat);
        signal.removeEventListener('abort', onAbort);
        set.delete(push);
        if (set.size === 0) viewers.delete(taskId);
      };
      send('retry: 2000\n\n');
      push(first);
      // A change may have committed between the first read and subscribing: read once more.
      if (!out.closed) {
        getTaskInfo(actor, taskId)
          .then(push)
          .catch(() => undefined);
      }
    },
    cancel() {
      cleanup();
    },
  });
  return stream;
}
