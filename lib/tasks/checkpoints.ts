// Finished pieces of a task's work, kept across attempts so a retry resumes instead of redoing.
import { getDb } from '../db/client';

export interface CheckpointStore {
  save(key: string, value: unknown): Promise<void>;
  load(key: string): Promise<unknown | undefined>;
}

export function checkpointsFor(taskId: string): CheckpointStore {
  const db = getDb();
  return {
    async save(key, value) {
      const json = JSON.stringify(value ?? null);
      await db.$executeRaw`
        INSERT INTO task_checkpoints (task_id, key, value) VALUES (${taskId}, ${key}, ${json}::jsonb)
        ON CONFLICT (task_id, key) DO UPDATE SET value = EXCLUDED.value, created_at = now()`;
    },
    async load(key) {
      const row = await db.taskCheckpoint.findUnique({
        where: { taskId_key: { taskId, key } },
        select: { value: true },
      });
      return row ? row.value : undefined;
    },
  };
}
