// Real processes for integration tests: `next start` on the production build and `jobs/main.ts`
// workers, each with the test file's own database. Output is kept for failure messages.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { freePort } from '../../lib/db/embedded';

const root = path.resolve(__dirname, '../..');

export type ExtraEnv = Record<string, string | undefined>;

export interface Proc {
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit (SIGKILL after `ms`). */
  stop(ms?: number): Promise<number | null>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

function launch(args: string[], env: ExtraEnv): Proc {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      CHECKPOINT_DISABLE: '1',
      LOG_LEVEL: 'warn',
      ...env,
      NODE_ENV: 'production',
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async stop(ms = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitFor(check: () => Promise<boolean> | boolean, proc: Proc, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early:\n${proc.output()}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready in ${ms} ms:\n${proc.output()}`);
}

export const TEST_SECRET = 'integration-test-secret-integration-test-secret';

export async function startWeb(databaseUrl: string, env: ExtraEnv = {}): Promise<Proc & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = launch(
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      DATABASE_URL: databaseUrl,
      // The build of exactly these sources (tests/helpers/global-setup.ts), never a stale .next.
      SHORTPLAY_DIST_DIR: inject('distDir'),
      NEXTAUTH_SECRET: TEST_SECRET,
      NEXTAUTH_URL: url,
      ...env,
    },
  );
  await waitFor(
    async () => {
      try {
        const res = await fetch(`${url}/api/health`);
        return res.status === 200 || res.status === 503;
      } catch {
        return false;
      }
    },
    proc,
    'web',
  );
  return Object.assign(proc, { url });
}

export async function startWorker(databaseUrl: string, env: ExtraEnv = {}): Promise<Proc> {
  const proc = launch(['--import', 'tsx', path.join(root, 'jobs/main.ts')], {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_SECONDS: '5',
    ...env,
  });
  await waitFor(() => proc.output().includes('ready'), proc, 'worker');
  return proc;
}
