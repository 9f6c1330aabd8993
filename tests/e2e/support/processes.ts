// The real processes behind the browser tests: `next start` on the test build and one worker.
// Output goes to a log file under test-results/, quoted in the error when a process fails to start.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../../lib/db/embedded';

const root = path.resolve(import.meta.dirname, '../../..');
export const LOG_DIR = path.join(root, 'test-results/e2e-logs');

export interface Proc {
  child: ChildProcess;
  /** Everything the process printed so far (also written to test-results/e2e-logs/<name>.log). */
  output(): string;
  stop(ms?: number): Promise<void>;
}

function launch(name: string, args: string[], env: Record<string, string>): Proc {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = path.join(LOG_DIR, `${name}.log`);
  const out = createWriteStream(log);
  // Node 24 from node_modules/.bin (process.execPath), never $NODE (the system Node 20).
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1', ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (d: Buffer) => {
      text += d.toString();
      out.write(d);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => text,
    async stop(ms = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(t);
    },
  };
}

async function waitFor(check: () => Promise<boolean> | boolean, proc: Proc, what: string, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early:\n${proc.output()}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready in ${ms} ms:\n${proc.output()}`);
}

export async function startWeb(env: Record<string, string>): Promise<Proc & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const next = path.join(root, 'node_modules/next/dist/bin/next');
  const proc = launch('web', [next, 'start', '-p', String(port), '-H', '127.0.0.1'], { ...env, NEXTAUTH_URL: url });
  await waitFor(
    async () => {
      try {
        return (await fetch(`${url}/api/health`)).status < 500;
      } catch {
        return false;
      }
    },
    proc,
    'web',
  );
  return Object.assign(proc, { url });
}

export async function startWorker(env: Record<string, string>): Promise<Proc> {
  const proc = launch('worker', ['--import', 'tsx', path.join(root, 'jobs/main.ts')], { LOG_LEVEL: 'info', ...env });
  await waitFor(() => proc.output().includes('ready'), proc, 'worker');
  return proc;
}
