// Reads of task_checkpoints: the script as far as it is written (GET /api/tasks/{id}/partial and
// the task page while a task runs). A task that is no longer running has no partial script: a
// completed one points to its result.
import { getDb } from '../db/client';
import { notFound } from '../errors';
import { EPISODE_KEY_PREFIXES } from '../pipeline/checkpoint-keys';
import { type PartialScriptEpisode, partialEpisodes } from '../pipeline/partial-script';
import { type Actor, ownedBy } from './actor';
import { isActive, TASK_ID_PATTERN, type TaskStatus } from './schema';

export type { PartialScriptEpisode };

export interface PartialScriptView {
  task_id: string;
  status: TaskStatus;
  progress: number;
  episodes: PartialScriptEpisode[];
  /** How many of `episodes` are finished. */
  complete: number;
  /** Where the whole script is, once the task has completed (the list is then empty). */
  result_url: string | null;
}

/** The episodes checkpointed so far (both engines), in order; no ownership check — callers did it. */
export async function episodesSoFar(taskId: string): Promise<PartialScriptEpisode[]> {
  const rows = await getDb().taskCheckpoint.findMany({
    where: { taskId, OR: EPISODE_KEY_PREFIXES.map((prefix) => ({ key: { startsWith: prefix } })) },
    select: { key: true, value: true },
  });
  return partialEpisodes(rows);
}

export async function partialScriptFor(actor: Actor, taskId: string): Promise<PartialScriptView> {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const task = await getDb().task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { id: true, status: true, progress: true },
  });
  if (!task) throw notFound(); // another user's task looks like a missing one
  const view = { task_id: task.id, status: task.status, progress: task.progress, episodes: [], complete: 0 };
  if (task.status === 'completed') return { ...view, result_url: `/api/tasks/${encodeURIComponent(task.id)}/result` };
  if (!isActive(task.status)) return { ...view, result_url: null };
  const episodes = await episodesSoFar(taskId);
  return { ...view, episodes, complete: episodes.filter((e) => e.complete).length, result_url: null };
}
