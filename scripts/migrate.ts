// npm run db:migrate — applies pending migrations to DATABASE_URL and creates the queues.

import { migrate } from '../lib/db/migrate';
import { env, requireDatabaseUrl } from '../lib/env';
import { createBoss, ensureQueues } from '../lib/queue/boss';

export async function migrateAll(url: string): Promise<string[]> {
  const applied = await migrate(url);
  const boss = createBoss(url, { worker: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
  return applied;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = requireDatabaseUrl();
  migrateAll(url)
    .then((applied) => {
      if (env.LOG_LEVEL !== 'silent') {
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      }
    })
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
}
