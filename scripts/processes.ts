// Spawning the product's own processes for tests, browser tests and the bench: `next start` on a
// given build and `jobs/main.ts` workers, on this Node (process.execPath — never $NODE, which npm
// points at the system Node), with output kept (and optionally logged) for failure messages.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../lib/db/embedded';
import { waitUntil } from './wait-until';

export const root = path.resolve(import.meta.dirname, '..');

/**
 * Modules every web server preloads, in order: `npm start`, the tests' servers and the Docker
 * image's CMD (a test checks the Dockerfile against this list). peer-address.mjs keeps the
 * client's address chain for TRUST_PROXY_HOPS; web-server.mjs raises the listen backlog and lets
 * live streams leave Next.js.
 */
export const WEB_PRELOADS = ['scripts/peer-address.mjs', 'scripts/web-server.mjs'] as const;

/** `--import <root>/<module>` for each preload. */
export const webPreloadArgs = (): string[] => WEB_PRELOADS.flatMap((m) => ['--import', path.join(root, m)]);

export type ProcEnv = Record<string, string | undefined>;

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** What the process printed so far (the last ~200 kB). */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM and wait for the exit (SIGKILL after `ms`); resolves with the exit code. */
  stop(ms?: number): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export function launch(args: string[], env: ProcEnv, opts: { logFile?: string } = {}): Proc {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      CHECKPOINT_DISABLE: '1',
      ...env,
      NODE_ENV: 'production',
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log: ReturnType<typeof createWriteStream> | null = null;
  if (opts.logFile) {
    mkdirSync(path.dirname(opts.logFile), { recursive: true });
    log = createWriteStream(opts.logFile);
  }
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    log?.write(d);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    exited,
    async stop(ms = 15_000) {
      if (!alive()) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitUntilReady(
  check: () => Promise<boolean> | boolean,
  proc: Proc,
  what: string,
  ms = 90_000,
): Promise<void> {
  await waitUntil(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${what} exited early:\n${proc.output()}`);
      return check();
    },
    { what: `${what} to be ready`, timeoutMs: ms, describe: () => `\n${proc.output()}` },
  );
}

/**
 * `next start` on `distDir` — or, with `standalone`, the self-contained server the build wrote to
 * `<distDir>/standalone/server.js`, as the Docker image runs it — on a free loopback port; ready
 * once /api/health answers.
 */
export async function startWebProcess(
  distDir: string,
  env: ProcEnv,
  opts: { logFile?: string; standalone?: boolean } = {},
): Promise<Proc & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const next = path.join(root, 'node_modules/next/dist/bin/next');
  const args = opts.standalone
    ? [path.join(root, distDir, 'standalone/server.js')]
    : [next, 'start', '-p', String(port), '-H', '127.0.0.1'];
  const proc = launch(
    [...webPreloadArgs(), ...args],
    { SHORTPLAY_DIST_DIR: distDir, NEXTAUTH_URL: url, PORT: String(port), HOSTNAME: '127.0.0.1', ...env },
    opts,
  );
  await waitUntilReady(
    async () => {
      try {
        const res = await fetch(`${url}/api/health`);
        await res.arrayBuffer();
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

/** One worker process (`entry`: another worker script, e.g. the bench's bench/fifo-worker.ts); ready once it says so. */
export async function startWorkerProcess(
  env: ProcEnv,
  opts: { logFile?: string; name?: string; entry?: string } = {},
): Promise<Proc> {
  const entry = path.join(root, opts.entry ?? 'jobs/main.ts');
  const proc = launch(['--import', 'tsx', entry], { LOG_LEVEL: 'info', ...env }, opts);
  await waitUntilReady(() => proc.output().includes('ready'), proc, opts.name ?? 'worker');
  return proc;
}
