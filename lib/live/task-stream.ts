// Server-Sent Events for one task: the current TaskInfo at once, then every change pushed through
// the process's shared LISTEN connection, heartbeat comments, and `event: end` after a terminal
// state. Per process, each NOTIFY costs at most one read per watched task, however many viewers;
// viewers opening together share the first read. Each user and the process have a cap of open
// streams; a slow reader gets the latest state, not a queue; access is re-checked every heartbeat.
import { InFlight } from '../coalesce';
import { env } from '../env';
import { AppError } from '../errors';
import { metrics } from '../metrics/registry';
import { type Actor, getTaskInfo, readTaskForViewers } from '../tasks';
import { isTerminal, type TaskInfo } from '../tasks/schema';
import { CHANNELS } from './channels';
import { getHub } from './hub';

type Viewer = (info: TaskInfo) => void;
const viewers = new Map<string, Set<Viewer>>();
const inflight = new Map<string, Promise<void>>();
/** Tasks that changed again while their read was in flight: read once more when it lands. */
const dirty = new Set<string>();
let wired = false;
let refreshTask: (taskId: string) => void = () => undefined;

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
  refreshTask = refresh;
  hub.on(CHANNELS.taskChanged, refresh);
  hub.onReconnect(() => {
    for (const id of viewers.keys()) refresh(id);
  });
}

const encoder = new TextEncoder();

/** Open streams per user and in this process: each has its cap (SSE_MAX_PER_USER / _PER_PROCESS). */
const openPerUser = new Map<string, number>();
let openInProcess = 0;
const firstReads = new InFlight<TaskInfo>();

export interface StreamOptions {
  heartbeatMs?: number;
  /**
   * Asked at every heartbeat: may the viewer still see the task (token not revoked, session not
   * ended, access not lost)? false ends the stream with `event: end` {"reason":"access_revoked"}.
   */
  stillAllowed?: () => Promise<boolean>;
}

function admit(userId: string): () => void {
  if (openInProcess >= env.SSE_MAX_PER_PROCESS) {
    throw new AppError(
      503,
      'server_busy',
      'This server has as many live streams open as it can hold; try again shortly.',
      {
        retryAfter: 5,
      },
    );
  }
  const mine = openPerUser.get(userId) ?? 0;
  if (mine >= env.SSE_MAX_PER_USER) {
    throw new AppError(
      429,
      'too_many_streams',
      `You already have ${mine} live streams open (limit ${env.SSE_MAX_PER_USER}); close some pages or clients.`,
      { retryAfter: 30 },
    );
  }
  openPerUser.set(userId, mine + 1);
  openInProcess++;
  metrics.sseOpen.inc();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    openInProcess--;
    metrics.sseOpen.dec();
    const n = (openPerUser.get(userId) ?? 1) - 1;
    if (n <= 0) openPerUser.delete(userId);
    else openPerUser.set(userId, n);
  };
}

/** Caller has checked that `actor` may see the task (getTaskInfo throws 404 otherwise). */
export async function openTaskStream(actor: Actor, taskId: string, signal: AbortSignal, opts: StreamOptions = {}) {
  const release = admit(actor.id);
  let first: TaskInfo;
  try {
    // Viewers arriving together share the first read (an admin may see any task; a user only theirs).
    first = await firstReads.get(`${actor.role === 'admin' ? 'admin' : actor.id}|${taskId}`, () =>
      getTaskInfo(actor, taskId),
    );
    await getHub().ready();
  } catch (err) {
    release();
    throw err;
  }
  wire();

  let cleanup = () => release();
  let flushHeld = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = '';
      let lastUpdated = '';
      let closed = false;
      /** A state the reader was too slow to take yet: only the latest is kept. */
      let held: TaskInfo | null = null;
      const room = () => (controller.desiredSize ?? 1) > 0;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        controller.close();
      };
      const push: Viewer = (info) => {
        const key = `${info.status}|${info.progress}|${info.message}|${info.updated_at}`;
        // ISO timestamps compare as strings; an older read arriving late is dropped.
        if (key === lastSent || info.updated_at < lastUpdated) return;
        // A reader that has not taken what it was sent gets the newest state when it does, never a queue.
        if (!room() && !isTerminal(info.status)) {
          held = info;
          return;
        }
        held = null;
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
      let checking = false;
      const beat = async () => {
        if (closed) return;
        if (room()) send(': ping\n\n');
        if (!opts.stillAllowed || checking) return;
        checking = true;
        const allowed = await opts.stillAllowed().catch(() => true); // an outage is not a revocation
        checking = false;
        if (!allowed && !closed) {
          send('event: end\ndata: {"reason":"access_revoked"}\n\n');
          close();
        }
      };
      const heartbeat = setInterval(() => void beat(), opts.heartbeatMs ?? env.SSE_HEARTBEAT_SECONDS * 1000);
      const onAbort = () => close();
      signal.addEventListener('abort', onAbort);
      cleanup = () => {
        release();
        clearInterval(heartbeat);
        signal.removeEventListener('abort', onAbort);
        set.delete(push);
        if (set.size === 0) viewers.delete(taskId);
      };
      flushHeld = () => {
        if (held) push(held);
      };
      send('retry: 2000\n\n');
      push(first);
      // A change may have committed between the first read and subscribing: one more read, shared
      // by every viewer of the task (the same path a NOTIFY takes).
      if (!closed) refreshTask(taskId);
    },
    pull() {
      flushHeld();
    },
    cancel() {
      cleanup();
    },
  });
  return stream;
}

/** Streams open in this process (for the bench and tests). */
export const openStreams = (): number => openInProcess;
