// What a notification says about a task: its TaskInfo without the result, and the few facts of the
// result a message names (episode count). lib/notify reads it when it fans an event out.
import { getDb } from '../db/client';
import { type TaskInfoRow, taskInfoColumns, toTaskInfo } from './present';
import type { TaskInfo } from './schema';

export interface TaskNotice {
  userId: string;
  task: TaskInfo;
  /** Episodes of the finished script; null without a result. */
  episodes: number | null;
}

export async function readTaskNotice(taskId: string): Promise<TaskNotice | null> {
  const rows = await getDb().$queryRaw<(TaskInfoRow & { user_id: string; episodes: number | null })[]>`
    SELECT ${taskInfoColumns}, user_id::text AS user_id,
      CASE WHEN jsonb_typeof(result->'episodes') = 'array' THEN jsonb_array_length(result->'episodes') END AS episodes
    FROM script_tasks WHERE id = ${taskId}`;
  const row = rows[0];
  if (!row) return null;
  const { user_id, episodes, ...info } = row;
  return { userId: user_id, task: toTaskInfo(info), episodes };
}
