// One pg-boss instance per process. The web process only sends (inside our transactions); the
// worker also fetches and supervises (expiry, missed heartbeats → retry). Our own maintenance is
// not a pg-boss schedule: it runs on the worker's timer (jobs/maintenance.ts).
import { PgBoss } from 'pg-boss';
import { env, requireDatabaseUrl } from '../env';
import { errorText, log } from '../log';
import { queues } from './registry';

export interface BossRole {
  /** Worker processes fetch and supervise jobs; web processes only send. */
  worker: boolean;
}

const globalForBoss = globalThis as unknown as { shortplayBoss?: Promise<PgBoss> };

export function createBoss(connectionString: string, role: BossRole): PgBoss {
  return new PgBoss({
    connectionString,
    max: role.worker ? 4 : 2,
    useListenNotify: role.worker,
    supervise: role.worker,
    schedule: role.worker,
    // Missed heartbeats and expiry are found by the monitor pass, which defaults to once a minute.
    superviseIntervalSeconds: env.QUEUE_SUPERVISE_SECONDS,
    monitorIntervalSeconds: env.QUEUE_SUPERVISE_SECONDS,
    application_name: role.worker ? 'shortplay-worker-boss' : 'shortplay-web-boss',
  });
}

/** Creates every registered queue (idempotent); run by the migrator and at worker start. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const q of Object.values(queues)) {
    const existing = await boss.getQueue(q.name).catch(() => null);
    if (existing) {
      const { heartbeatSeconds: _fixedAtCreation, ...updatable } = q.options();
      await boss.updateQueue(q.name, updatable);
    } else {
      // pg-boss validates a key that is present even when its value is undefined.
      const { heartbeatSeconds, ...rest } = q.options();
      await boss.createQueue(q.name, heartbeatSeconds === undefined ? rest : { ...rest, heartbeatSeconds });
    }
  }
  // The fair claim (fair_claim(), docs/decisions/0100) reads each owner's queue head through it.
  await boss.getDb().executeSql(
    `CREATE INDEX IF NOT EXISTS shortplay_fair_heads ON pgboss.job (name, group_id, priority DESC, created_on)
       WHERE state < 'active' AND NOT blocked`,
  );
  // …and finds the users with waiting jobs in fair_shares, kept by a trigger on the job table
  // (docs/decisions/0103); installed once, with the owners of the jobs already waiting.
  await boss.getDb().executeSql('SELECT fair_watch($1)', [queues.generateScript.name]);
}

/** The process's started pg-boss instance (created on first use). */
export function getBoss(role: BossRole = { worker: false }): Promise<PgBoss> {
  globalForBoss.shortplayBoss ??= (async () => {
    const boss = createBoss(requireDatabaseUrl(), role);
    boss.on('error', (err) => log.warn({ error: errorText(err) }, 'queue error'));
    await boss.start();
    return boss;
  })();
  const p = globalForBoss.shortplayBoss;
  // A failed start (database down) must not be cached forever.
  p.catch(() => {
    if (globalForBoss.shortplayBoss === p) globalForBoss.shortplayBoss = undefined;
  });
  return p;
}

export async function stopBoss(): Promise<void> {
  const p = globalForBoss.shortplayBoss;
  globalForBoss.shortplayBoss = undefined;
  if (p) await (await p.catch(() => null))?.stop({ graceful: false, close: true });
}
