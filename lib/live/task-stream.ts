// Server-Sent Events for one task: the current TaskInfo at once, then every change pushed through
// the process's shared LISTEN connection, heartbeat comments, and `event: end` after a terminal
// state. Per process, each NOTIFY costs one read per watched task however many viewers, encoded
// once and written as the same bytes to every viewer, in chunks; viewers opening within a second
// share the first read while the task does not change, and need no catch-up read unless it did. Each user and the process have a cap of open streams; a slow reader gets the
// latest state, not a queue. One heartbeat timer serves every stream: it pings each, and re-checks
// access once per distinct (credentials, task), ending the streams that lost it.
import { Recent } from '../coalesce';
import { env } from '../env';
import { AppError } from '../errors';
import { errorText, log } from '../log';
import { metrics } from '../metrics/registry';
import { type Actor, getTaskInfo, readTaskForViewers } from '../tasks';
import { isTerminal, type TaskInfo } from '../tasks/schema';
import { CHANNELS } from './channels';
import { ControllerSink, encode, type FrameSink, inChunks, PING, RETRY, REVOKED, type SinkEvents } from './frames';
import { getHub } from './hub';
import { TaskChanges } from './task-changes';

/** One state of a task, encoded once for all its viewers. */
interface Frame {
  key: string;
  updatedAt: string;
  terminal: boolean;
  bytes: Uint8Array;
}

function frameOf(info: TaskInfo): Frame {
  const terminal = isTerminal(info.status);
  return {
    key: `${info.status}|${info.progress}|${info.message}|${info.updated_at}`,
    updatedAt: info.updated_at,
    terminal,
    bytes: encode(
      `event: task\nid: ${info.updated_at}\ndata: ${JSON.stringify(info)}\n\n${terminal ? 'event: end\ndata: {}\n\n' : ''}`,
    ),
  };
}

/**
 * May the viewer still see the task? Asked at every heartbeat, once for every stream sharing the
 * same key (the same credentials on the same task); false ends them with `access_revoked`.
 */
export interface AccessCheck {
  key: string;
  check(): Promise<boolean>;
}

interface SharedCheck {
  key: string;
  check: () => Promise<boolean>;
  refs: number;
  running: boolean;
}
/** Access checks by key, shared by the viewers holding them. */
const checks = new Map<string, SharedCheck>();

const viewers = new Map<string, Set<TaskViewer>>();
const everyViewer = new Set<TaskViewer>();
const inflight = new Map<string, Promise<void>>();
/** Tasks that changed again while their read was in flight: read once more when it lands. */
const dirty = new Set<string>();
let wired = false;
/** Changes seen since a first read began: only they call for a catch-up read at attach. */
const changes = new TaskChanges();

function wire(): void {
  if (wired) return;
  wired = true;
  const hub = getHub();
  hub.on(CHANNELS.taskChanged, (taskId) => {
    changes.changed(taskId);
    refresh(taskId);
  });
  hub.onReconnect(() => {
    changes.all(); // notifications may have been lost while disconnected
    for (const id of viewers.keys()) refresh(id);
  });
}

function refresh(taskId: string): void {
  if (!viewers.has(taskId)) return;
  if (inflight.has(taskId)) {
    dirty.add(taskId);
    return;
  }
  // Every viewer of this task passed getTaskInfo when it opened: read once for all of them.
  const p = readTaskForViewers(taskId)
    .then((info) => (info ? deliver(taskId, frameOf(info)) : undefined))
    .catch(() => undefined) // the next NOTIFY or the viewer's reconnect resyncs
    .finally(() => {
      inflight.delete(taskId);
      if (dirty.delete(taskId)) refresh(taskId);
    });
  inflight.set(taskId, p);
}

async function deliver(taskId: string, frame: Frame): Promise<void> {
  const set = viewers.get(taskId);
  if (set) await inChunks([...set], (v) => v.push(frame));
}

let heartbeat: ReturnType<typeof setInterval> | null = null;

function startHeartbeat(): void {
  if (heartbeat) return;
  heartbeat = setInterval(() => void beat(), env.SSE_HEARTBEAT_SECONDS * 1000);
  heartbeat.unref();
}

async function beat(): Promise<void> {
  const groups = new Map<SharedCheck, TaskViewer[]>();
  await inChunks([...everyViewer], (v) => {
    v.ping();
    if (!v.access) return;
    const group = groups.get(v.access);
    if (group) group.push(v);
    else groups.set(v.access, [v]);
  });
  for (const [shared, group] of groups) {
    if (shared.running) continue;
    shared.running = true;
    shared
      .check()
      .catch((err: unknown) => {
        log.warn({ error: errorText(err) }, 'stream access check failed; streams kept open');
        return true; // an outage is not a revocation
      })
      .then((allowed) => {
        shared.running = false;
        if (!allowed) for (const v of group) v.revoke();
      });
  }
}

/** Open streams per user and in this process: each has its cap (SSE_MAX_PER_USER / _PER_PROCESS). */
const openPerUser = new Map<string, number>();
let openInProcess = 0;
/** A first read, stamped with the changes seen when it began (-1: not listening yet). */
interface FirstRead {
  frame: Frame;
  stamp: number;
}
/** How long a first read serves the next viewers of the task, while it does not change. */
const FIRST_READ_KEEP_MS = 1000;
const firstReads = new Recent<FirstRead>(FIRST_READ_KEEP_MS);

function admit(userId: string): void {
  if (openInProcess >= env.SSE_MAX_PER_PROCESS) {
    throw new AppError(
      503,
      'server_busy',
      'This server has as many live streams open as it can hold; try again shortly.',
      { retryAfter: 5 },
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
}

function unadmit(userId: string): void {
  openInProcess--;
  metrics.sseOpen.dec();
  const n = (openPerUser.get(userId) ?? 1) - 1;
  if (n <= 0) openPerUser.delete(userId);
  else openPerUser.set(userId, n);
}

/**
 * One admitted viewer of one task: counted against the caps from openTaskViewer() until close().
 * A class, so thousands of idle viewers share their methods instead of each holding closures.
 */
export class TaskViewer implements SinkEvents {
  private sink: FrameSink | null = null;
  private closed = false;
  private lastKey = '';
  private lastUpdated = '';
  /** A state the reader was too slow to take yet: only the latest is kept. */
  private held: Frame | null = null;

  constructor(
    private readonly userId: string,
    readonly taskId: string,
    private first: Frame | null,
    private readonly firstStamp: number,
    readonly access: SharedCheck | null,
  ) {}

  /** Starts the stream on `sink`: the retry hint, the first state, then every change. */
  attach(sink: FrameSink): void {
    if (this.closed) {
      sink.end();
      return;
    }
    this.sink = sink;
    let set = viewers.get(this.taskId);
    if (!set) {
      set = new Set();
      viewers.set(this.taskId, set);
    }
    set.add(this);
    everyViewer.add(this);
    startHeartbeat();
    sink.write(RETRY);
    const first = this.first;
    this.first = null;
    if (first) this.push(first);
    // A change may have committed between the first read and subscribing: if one was announced
    // since the read began, one more read, shared by every viewer of the task (the path a NOTIFY
    // takes). One announced later reaches this viewer as any change does.
    if (!this.closed && changes.since(this.taskId, this.firstStamp)) refresh(this.taskId);
  }

  push(frame: Frame): void {
    const sink = this.sink;
    if (this.closed || !sink) return;
    // ISO timestamps compare as strings; an older read arriving late is dropped.
    if (frame.key === this.lastKey || frame.updatedAt < this.lastUpdated) return;
    // A reader that has not taken what it was sent gets the newest state when it does, never a queue.
    if (sink.full && !frame.terminal) {
      this.held = frame;
      return;
    }
    this.held = null;
    this.lastKey = frame.key;
    this.lastUpdated = frame.updatedAt;
    sink.write(frame.bytes);
    if (frame.terminal) this.close();
  }

  ping(): void {
    if (this.sink && !this.closed && !this.sink.full) this.sink.write(PING);
  }

  revoke(): void {
    if (this.closed) return;
    this.sink?.write(REVOKED);
    this.close();
  }

  drained(): void {
    const held = this.held;
    if (held) this.push(held);
  }

  gone(): void {
    this.close();
  }

  /** Ends the stream (if attached) and frees its place; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    unadmit(this.userId);
    everyViewer.delete(this);
    const set = viewers.get(this.taskId);
    set?.delete(this);
    if (set?.size === 0) viewers.delete(this.taskId);
    if (this.access && --this.access.refs <= 0) checks.delete(this.access.key);
    if (everyViewer.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
    this.sink?.end();
  }
}

/**
 * Admits a viewer (429 / 503 over the caps) and reads the task for it (shared with viewers opening
 * within a second while the task does not change). Caller has checked that `actor` may see the
 * task (getTaskInfo throws 404 otherwise, too). Attach a sink to start the stream, or close() to
 * give the place back.
 */
export async function openTaskViewer(actor: Actor, taskId: string, access?: AccessCheck): Promise<TaskViewer> {
  admit(actor.id);
  let first: FirstRead;
  try {
    const hub = getHub();
    await hub.ready();
    wire();
    // Viewers arriving together share the first read (an admin may see any task; a user only
    // theirs), kept for the next ones until the task changes.
    first = await firstReads.get(
      `${actor.role === 'admin' ? 'admin' : actor.id}|${taskId}`,
      async () => {
        const stamp = hub.connected ? changes.stamp() : -1;
        return { frame: frameOf(await getTaskInfo(actor, taskId)), stamp };
      },
      (kept) => !changes.since(taskId, kept.stamp),
    );
  } catch (err) {
    unadmit(actor.id);
    throw err;
  }
  let shared: SharedCheck | null = null;
  if (access) {
    shared = checks.get(access.key) ?? { key: access.key, check: access.check, refs: 0, running: false };
    shared.refs++;
    checks.set(access.key, shared);
  }
  return new TaskViewer(actor.id, taskId, first.frame, first.stamp, shared);
}

/** A viewer as a web ReadableStream, ended when `signal` aborts (in-process readers, fallbacks). */
export function viewerStream(viewer: TaskViewer, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const onAbort = () => viewer.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      viewer.attach(new ControllerSink(controller));
    },
    pull() {
      viewer.drained();
    },
    cancel() {
      signal?.removeEventListener('abort', onAbort);
      viewer.close();
    },
  });
}

/** openTaskViewer() as a ReadableStream. */
export async function openTaskStream(
  actor: Actor,
  taskId: string,
  signal: AbortSignal,
  opts: { access?: AccessCheck } = {},
): Promise<ReadableStream<Uint8Array>> {
  return viewerStream(await openTaskViewer(actor, taskId, opts.access), signal);
}

/** Streams open in this process (for the bench and tests). */
export const openStreams = (): number => openInProcess;

/** Shared reads of changed tasks not yet landed (for tests waiting until a change is read). */
export const readsInFlight = (): number => inflight.size;
