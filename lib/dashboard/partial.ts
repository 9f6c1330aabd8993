// The script as far as it is written, for the task page while a task runs (GET
// /api/tasks/{id}/partial): the episodes the engine has checkpointed so far — finished ones and,
// for the LLM engine, the finished scenes of an episode still streaming — in order. A task that is
// no longer running has no partial script: a completed one points to its result.
import { getDb } from '../db/client';
import { notFound } from '../errors';
import { partialScript } from '../pipeline/llm/partial';
import { CHECKPOINT_PREFIX as LLM_CHECKPOINT_PREFIX } from '../pipeline/llm/store';
import { OFFLINE_CHECKPOINT_PREFIX } from '../pipeline/offline/engine';
import { Episode, type Scene } from '../pipeline/schema';
import { type Actor, ownedBy } from '../tasks/actor';
import { isActive, TASK_ID_PATTERN, type TaskStatus } from '../tasks/schema';

const LLM_EPISODE = `${LLM_CHECKPOINT_PREFIX}episode:`;
const OFFLINE_EPISODE = new RegExp(`^${OFFLINE_CHECKPOINT_PREFIX}(\\d+)$`);

export interface PartialScriptEpisode {
  number: number;
  title: string;
  /** Known once the episode is finished; empty while it streams. */
  summary: string;
  hook: string;
  scenes: Scene[];
  /** False while the episode is still being written. */
  complete: boolean;
}

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

type Row = { key: string; value: unknown };

/** Checkpoint rows of one task → its episodes so far (both engines), sorted by number. */
export function partialEpisodes(rows: readonly Row[]): PartialScriptEpisode[] {
  const byNumber = new Map<number, PartialScriptEpisode>();
  const llmRows = rows.filter((r) => r.key.startsWith(LLM_EPISODE));
  const finishedLlm = new Map<string, Episode>();
  for (const r of llmRows) {
    const done = Episode.safeParse((r.value as { value?: unknown } | null)?.value);
    if (done.success) finishedLlm.set(`${done.data.number}`, done.data);
  }
  for (const ep of partialScript(llmRows)) {
    const done = ep.complete ? finishedLlm.get(`${ep.number}`) : undefined;
    byNumber.set(ep.number, { ...ep, summary: done?.summary ?? '', hook: done?.hook ?? '' });
  }
  for (const r of rows) {
    const m = OFFLINE_EPISODE.exec(r.key);
    const ep = m ? Episode.safeParse(r.value) : null;
    if (!ep?.success || ep.data.number !== Number(m?.[1])) continue;
    const { number, title, summary, hook, scenes } = ep.data;
    byNumber.set(number, { number, title, summary, hook, scenes, complete: true });
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

export async function partialScriptFor(actor: Actor, taskId: string): Promise<PartialScriptView> {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const db = getDb();
  const task = await db.task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { id: true, status: true, progress: true },
  });
  if (!task) throw notFound(); // another user's task looks like a missing one
  const status = task.status as TaskStatus;
  const view = { task_id: task.id, status, progress: task.progress, episodes: [], complete: 0 };
  if (status === 'completed') return { ...view, result_url: `/api/tasks/${encodeURIComponent(task.id)}/result` };
  if (!isActive(status)) return { ...view, result_url: null };
  const rows = await db.taskCheckpoint.findMany({
    where: {
      taskId,
      OR: [{ key: { startsWith: LLM_EPISODE } }, { key: { startsWith: OFFLINE_CHECKPOINT_PREFIX } }],
    },
    select: { key: true, value: true },
  });
  const episodes = partialEpisodes(rows);
  return { ...view, episodes, complete: episodes.filter((e) => e.complete).length, result_url: null };
}
