// A batch's lifecycle actions apply each task's own guarded transition to the tasks they fit:
// cancel → every waiting or running task; retry → every failed or cancelled task. A task that
// moved on meanwhile (409) is skipped; the answer is the batch as it is afterwards.
import { AppError } from '../errors';
import { requestCancel, retryTask } from './actions';
import type { Actor } from './actor';
import { getBatch } from './batch-queries';
import type { BatchInfo } from './batch-schema';
import type { TaskInfo, TaskStatus } from './schema';

async function each(
  actor: Actor,
  batchId: string,
  from: TaskStatus[],
  act: (a: Actor, id: string) => Promise<TaskInfo>,
) {
  const batch = await getBatch(actor, batchId);
  for (const t of batch.tasks ?? []) {
    if (!from.includes(t.status)) continue;
    await act(actor, t.task_id).catch((err: unknown) => {
      if (!(err instanceof AppError && err.status === 409)) throw err; // it moved on meanwhile
    });
  }
  return getBatch(actor, batchId);
}

export const cancelBatch = (actor: Actor, batchId: string): Promise<BatchInfo> =>
  each(actor, batchId, ['pending', 'processing'], requestCancel);

export const retryBatch = (actor: Actor, batchId: string): Promise<BatchInfo> =>
  each(actor, batchId, ['failed', 'cancelled'], retryTask);
