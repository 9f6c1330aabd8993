// The one thing lib/tasks asks of lib/notify: a CTE body that writes the notification outbox row
// of a task's terminal state change, inside the very statement that makes the change — so the row
// exists exactly when the change committed, and costs no round trip. It also wakes the worker's
// relay (NOTIFY, delivered at commit). What happens next (which channels, retries) is the relay's
// business, off the task's path: a broken channel can neither slow nor change the task.
import { Prisma } from '../generated/prisma/client';
import { CHANNELS } from '../live/channels';

/**
 * `o AS (${taskOutbox(rows)})`, where `rows` selects `task_id, user_id, status` of the tasks that
 * just became completed, failed or cancelled.
 */
export function taskOutbox(rows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO notification_outbox (user_id, event, task_id)
    SELECT r.user_id, 'task.' || r.status::text, r.task_id FROM (${rows}) r
    RETURNING pg_notify(${CHANNELS.notifyOutbox}, '')`;
}
