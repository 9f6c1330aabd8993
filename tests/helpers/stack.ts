// Real processes for integration tests: `next start` on the build of exactly these sources
// (tests/helpers/global-setup.ts) and `jobs/main.ts` workers, each with the test file's database.
import { inject } from 'vitest';
import { type Proc, type ProcEnv, startWebProcess, startWorkerProcess } from '../../scripts/processes';

export type { Proc };
export type ExtraEnv = ProcEnv;

export const TEST_SECRET = 'integration-test-secret-integration-test-secret';

export function startWeb(
  databaseUrl: string,
  env: ExtraEnv = {},
  opts: { standalone?: boolean } = {},
): Promise<Proc & { url: string }> {
  return startWebProcess(
    inject('distDir'),
    { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'warn', ...env },
    opts,
  );
}

export function startWorker(databaseUrl: string, env: ExtraEnv = {}): Promise<Proc> {
  return startWorkerProcess({ DATABASE_URL: databaseUrl, SHUTDOWN_GRACE_SECONDS: '5', ...env });
}
