// The real processes behind the browser tests: `next start` on the test build and one worker,
// spawned by scripts/processes.ts. Output also goes to test-results/e2e-logs/<name>.log.
import path from 'node:path';
import { type Proc, type ProcEnv, root, startWebProcess, startWorkerProcess } from '../../../scripts/processes';

export type { Proc };
export const LOG_DIR = path.join(root, 'test-results/e2e-logs');

export function startWeb(env: ProcEnv & { SHORTPLAY_DIST_DIR: string }): Promise<Proc & { url: string }> {
  const { SHORTPLAY_DIST_DIR: distDir, ...rest } = env;
  return startWebProcess(distDir, rest, { logFile: path.join(LOG_DIR, 'web.log') });
}

export function startWorker(env: ProcEnv): Promise<Proc> {
  return startWorkerProcess({ LOG_LEVEL: 'info', ...env }, { logFile: path.join(LOG_DIR, 'worker.log') });
}
