// Production build of the web app, made only when missing or stale: a hash of every file the
// build reads is stamped into .next/ and compared on the next start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INPUTS = ['app', 'lib', 'next.config.js', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json'];
const STAMP = '.next/shortplay-build-stamp';

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

export function buildIfStale(root = process.cwd(), log = console.log): boolean {
  const hash = sourceHash(root);
  const stampPath = path.join(root, STAMP);
  if (
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === hash &&
    existsSync(path.join(root, '.next/BUILD_ID'))
  ) {
    return false;
  }
  log('Building the web app (first start or sources changed)…');
  const next = path.join(root, 'node_modules/next/dist/bin/next');
  const r = spawnSync(process.execPath, [next, 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  writeFileSync(stampPath, hash);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale();
