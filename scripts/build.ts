// Production build of the web app, made only when missing or stale: a hash of every file the
// build reads is stamped into .next/ and compared on the next start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app',
  'lib',
  'types',
  'proxy.ts',
  'next.config.js',
  'postcss.config.mjs',
  'package-lock.json',
  'tsconfig.json',
];
/** Files `next build` rewrites to point into its output folder; put back as they were after it. */
const REWRITTEN = ['tsconfig.json', 'next-env.d.ts'];

function* files(p: string): Generator<string> {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isFile()) {
    yield p;
    return;
  }
  for (const name of readdirSync(p).sort()) {
    if (name === 'generated' || name.startsWith('.') || /\.test\.tsx?$/.test(name)) continue;
    yield* files(path.join(p, name));
  }
}

export function sourceHash(root = process.cwd()): string {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(path.join(root, input))) {
      h.update(path.relative(root, f));
      h.update(readFileSync(f));
    }
  }
  return h.digest('hex');
}

export function buildIfStale(root = process.cwd(), log = console.log, distDir = '.next'): boolean {
  const hash = sourceHash(root);
  const out = path.join(root, distDir);
  const stampPath = path.join(out, 'shortplay-build-stamp');
  const fresh = () =>
    existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash && existsSync(path.join(out, 'BUILD_ID'));
  if (fresh()) return false;
  // One build at a time on this checkout: builds rewrite shared files (tsconfig.json), and two
  // builds on two cores are slower than one after the other anyway.
  const unlock = lock(path.join(root, '.build.lock'));
  try {
    if (fresh()) return false; // another process built it while we waited
    log(`Building the web app into ${distDir} (first start or sources changed)…`);
    const saved = REWRITTEN.map((f) => {
      const p = path.join(root, f);
      return { p, text: existsSync(p) ? readFileSync(p, 'utf8') : null };
    });
    try {
      const next = path.join(root, 'node_modules/next/dist/bin/next');
      const r = spawnSync(process.execPath, [next, 'build'], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', SHORTPLAY_DIST_DIR: distDir },
      });
      if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
    } finally {
      for (const { p, text } of saved) {
        if (text === null) rmSync(p, { force: true });
        else writeFileSync(p, text);
      }
    }
    writeFileSync(stampPath, hash);
    return true;
  } finally {
    unlock();
  }
}

/** A directory as a cross-process lock (mkdir is atomic); a lock older than 10 minutes is stale. */
function lock(dir: string): () => void {
  const deadline = Date.now() + 15 * 60_000;
  mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(dir, { recursive: false });
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      if (existsSync(dir) && Date.now() - statSync(dir).mtimeMs > 10 * 60_000)
        rmSync(dir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${dir}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** Keeps the `keep` most recent test builds under .next-test/ and deletes the rest. */
export function pruneTestBuilds(keep: number, root = process.cwd()): void {
  const dir = path.join(root, '.next-test');
  if (!existsSync(dir)) return;
  const builds = readdirSync(dir)
    .filter((n) => !n.endsWith('.lock'))
    .map((n) => ({ p: path.join(dir, n), t: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const b of builds.slice(keep)) rmSync(b.p, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale();
