// An admin marks a waiting task urgent (or takes the mark back): the task's job moves ahead of
// everyone's normal tasks in the fair claim (lib/queue/fair-claim.ts), and the task's history
// records who did it. One transaction: the guarded row update, its event, the NOTIFYs, and the
// job's new priority.
import { getDb } from '../db/client';
import { conflict, forbidden } from '../errors';
import { CHANNELS } from '../live/channels';
import { jobPriority } from '../queue/fair-claim';
import type { Actor } from './actor';
import { setJobPriority } from './enqueue';
import { getTaskInfo } from './queries';
import type { TaskInfo } from './schema';

export async function setUrgent(actor: Actor, taskId: string, urgent: boolean): Promise<TaskInfo> {
  const before = await getTaskInfo(actor, taskId); // 404 for a task the actor may not see
  if (actor.role !== 'admin') throw forbidden('Only an admin can mark a task urgent.');
  if (before.status === 'pending' && before.urgent === urgent) return before; // already so: nothing to record
  const changed = await getDb().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ job_id: string | null; priority: number }[]>`
      WITH t AS (
        UPDATE script_tasks SET urgent = ${urgent}, updated_at = now()
        WHERE id = ${taskId} AND status = 'pending' AND urgent <> ${urgent}
        RETURNING id, job_id, priority),
      e AS (INSERT INTO task_events (task_id, kind, data)
            SELECT id, ${urgent ? 'marked_urgent' : 'unmarked_urgent'}, jsonb_build_object('by', ${actor.id}::text) FROM t)
      SELECT t.job_id::text, t.priority FROM t,
        LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id), pg_notify(${CHANNELS.jobsReady}, '')) n`;
    const row = rows[0];
    if (!row) return false;
    if (row.job_id) await setJobPriority(tx, row.job_id, jobPriority(row.priority, urgent));
    return true;
  });
  const after = await getTaskInfo(actor, taskId);
  if (!changed && !(after.status === 'pending' && after.urgent === urgent)) {
    throw conflict('task_not_waiting', `The task is ${after.status}; only a waiting task can be marked urgent.`);
  }
  return after;
}
