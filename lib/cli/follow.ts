// Following tasks to their end (submit --wait, watch), with Ctrl+C handled: on a terminal the CLI
// asks whether to cancel the tasks on the server or only stop watching; elsewhere it only stops.
import type { ShortplayClient } from '../client';
import { TaskCancelledError, TaskFailedError } from '../client/errors';
import type { TaskInfo } from '../tasks/schema';
import { ask, type CliIO, err } from './io';
import { progressView } from './progress';

export type Followed = { kind: 'ended'; tasks: TaskInfo[] } | { kind: 'interrupted' };

/** Ctrl+C aborts `signal` (and sets `interrupted`) until `release()`. */
export function catchCtrlC(io: CliIO) {
  const ctl = new AbortController();
  const state = { signal: ctl.signal, interrupted: false, release: () => io.process.off('SIGINT', onSigint) };
  const onSigint = () => {
    state.interrupted = true;
    ctl.abort(new Error('interrupted'));
  };
  io.process.on('SIGINT', onSigint);
  return state;
}

export async function follow(client: ShortplayClient, io: CliIO, ids: string[], quiet: boolean): Promise<Followed> {
  const ctrlC = catchCtrlC(io);
  const ended: TaskInfo[] = [];
  let current: ReturnType<typeof progressView> | null = null;
  try {
    for (const id of ids) {
      current = progressView(io, ids.length > 1 ? id : '');
      const view = current;
      const onProgress = quiet ? undefined : (t: TaskInfo) => view.update(t);
      try {
        ended.push(await client.waitForTaskCompletion(id, onProgress, { signal: ctrlC.signal }));
      } catch (e) {
        if (e instanceof TaskFailedError || e instanceof TaskCancelledError) {
          if (!quiet) view.update(e.task);
          ended.push(e.task);
        } else throw e;
      }
      view.done();
    }
    return { kind: 'ended', tasks: ended };
  } catch (e) {
    if (!ctrlC.interrupted) throw e;
    current?.done();
    await onInterrupt(client, io, ids.slice(ended.length));
    return { kind: 'interrupted' };
  } finally {
    ctrlC.release();
  }
}

async function onInterrupt(client: ShortplayClient, io: CliIO, open: string[]): Promise<void> {
  const which = open.length === 1 ? 'the task' : `${open.length} tasks`;
  if (open.length === 0) return;
  if (!io.stdin.isTTY) {
    err(io, `Stopped watching; ${which} go${open.length === 1 ? 'es' : ''} on: shortplay watch ${open.join(' ')}`);
    return;
  }
  const answer = await ask(io, `Cancel ${which} on the server too? [y/N] `);
  if (/^y(es)?$/i.test(answer)) {
    for (const id of open) {
      const t = await client.cancelTask(id);
      err(io, `${id}: ${t.status === 'cancelled' ? 'cancelled' : 'cancel requested'}`);
    }
  } else {
    err(io, `Stopped watching; ${which} go${open.length === 1 ? 'es' : ''} on: shortplay watch ${open.join(' ')}`);
  }
}
