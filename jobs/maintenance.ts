// Periodic upkeep, run by every worker on a timer (MAINTENANCE_INTERVAL_SECONDS) but by one
// worker at a time: fail orphaned tasks, apply retention (notifications too), delete expired
// e-mail verification links, forget workers long gone. The lock is a
// session-level advisory lock on a connection of its own, so no transaction and no pool
// connection stays open while it runs.
import { pruneVerifications } from '../lib/auth/verification';
import { whileHoldingLock } from '../lib/db/session-lock';
import { pruneNotifications } from '../lib/notify/retention';
import { forgetStaleWorkers } from '../lib/queue/workers';
import { applyRetention, failOrphans } from '../lib/tasks/maintenance';

export const MAINTENANCE_LOCK = 7_311_983_202; // any constant shared by every Shortplay worker

export interface MaintenanceReport {
  orphansFailed: number;
  inputsDeleted: number;
  resultsCleared: number;
  workersForgotten: number;
  /** Outbox rows and finished deliveries past their retention. */
  notificationsPruned: number;
  /** E-mail verification links past their expiry, used or not. */
  verificationsPruned: number;
}

/** The report, or null when another worker was already at it. */
export async function runMaintenance(): Promise<MaintenanceReport | null> {
  const report = await whileHoldingLock(MAINTENANCE_LOCK, async () => {
    const orphansFailed = await failOrphans();
    const { inputs, results } = await applyRetention();
    const workersForgotten = await forgetStaleWorkers();
    const pruned = await pruneNotifications();
    const verificationsPruned = await pruneVerifications();
    return {
      orphansFailed,
      inputsDeleted: inputs,
      resultsCleared: results,
      workersForgotten,
      notificationsPruned: pruned.outbox + pruned.deliveries,
      verificationsPruned,
    };
  });
  return report ?? null;
}
