// Notification rows do not outlive their use: outbox rows a day after they were fanned out, and
// finished deliveries (the log) after TASK_RETENTION_DAYS, like the tasks they speak of. Pending
// deliveries are never deleted. Run by the worker's maintenance.
import { getDb } from '../db/client';
import { env } from '../env';

export async function pruneNotifications(
  days = env.TASK_RETENTION_DAYS,
): Promise<{ outbox: number; deliveries: number }> {
  const db = getDb();
  const outbox = await db.$executeRaw`
    DELETE FROM notification_outbox WHERE dispatched_at < now() - interval '1 day'`;
  const deliveries = await db.$executeRaw`
    DELETE FROM notification_deliveries
    WHERE status IN ('delivered', 'failed') AND updated_at < now() - make_interval(days => ${days})`;
  return { outbox, deliveries };
}
