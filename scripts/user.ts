// npm run user -- role EMAIL admin|user
// npm run user -- tier EMAIL vip|standard
// Changes an account's role or tier without SQL. Uses DATABASE_URL, or the embedded Postgres in
// DATA_DIR when unset (stop `npm start` first: one server owns a data directory at a time).
import path from 'node:path';
import { changeUser, ROLES, TIERS } from '../lib/auth/roles';
import { closeDb } from '../lib/db/client';
import { type EmbeddedDb, startEmbeddedPostgres } from '../lib/db/embedded';
import { env } from '../lib/env';
import { AppError } from '../lib/errors';

const USAGE = `usage: npm run user -- role EMAIL ${ROLES.join('|')}
       npm run user -- tier EMAIL ${TIERS.join('|')}`;

export function parseUserArgs(argv: string[]): { email: string; role?: string; tier?: string } {
  const [what, email, value] = argv;
  if (argv.length !== 3 || !email || !value || (what !== 'role' && what !== 'tier')) throw new Error(USAGE);
  return what === 'role' ? { email, role: value } : { email, tier: value };
}

async function main(): Promise<void> {
  const args = parseUserArgs(process.argv.slice(2));
  let embedded: EmbeddedDb | null = null;
  if (!env.DATABASE_URL) {
    try {
      embedded = await startEmbeddedPostgres(path.resolve(env.DATA_DIR), { quiet: true });
    } catch (err) {
      throw new Error(
        `Could not start the embedded Postgres in ${env.DATA_DIR} (${(err as Error).message}). ` +
          'Stop `npm start` first, or set DATABASE_URL.',
      );
    }
    // env was parsed at import; this one-shot script points it at the server it just started.
    Object.assign(env, { DATABASE_URL: embedded.url });
  }
  try {
    const user = await changeUser({ email: args.email }, args as Parameters<typeof changeUser>[1]);
    console.log(`${user.email}: role ${user.role}, tier ${user.tier}`);
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: Error) => {
    console.error(err instanceof AppError ? `${err.message}` : err.message);
    process.exit(1);
  });
}
