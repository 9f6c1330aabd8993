// How long sign-up takes for a new address and for one that already has an account, with SMTP
// configured (issue 12: the two must answer alike). One web process, no worker (mail is only
// queued on the request's path), Postgres from BENCH_DATABASE_URL's server (a fresh database).
// The figure that counts is the ratio taken/new measured in the same run.
//   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/postgres node --import tsx bench/signup-timing.ts
import { randomBytes } from 'node:crypto';
import { adminQuery, withDatabase } from '../lib/db/admin';
import { buildIfStale, sourceHash } from '../scripts/build';
import { migrateAll } from '../scripts/migrate';
import { startWebProcess } from '../scripts/processes';
import { summary } from './stats';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const N = Number(process.env.BENCH_N ?? 60);
const db = `sp_bench_signup_${process.pid}`;
const distDir = `.next-test/${sourceHash().slice(0, 16)}`;
buildIfStale(process.cwd(), console.log, distDir);
await adminQuery(admin, `CREATE DATABASE ${db}`);
const url = withDatabase(admin, db);
await migrateAll(url);
// A port nothing listens on: mail is queued, never sent (no worker runs).
const web = await startWebProcess(distDir, {
  DATABASE_URL: url,
  SMTP_URL: 'smtp://127.0.0.1:2',
  SIGNUP_PER_IP_PER_HOUR: '100000',
  NEXTAUTH_SECRET: 'bench-secret-bench-secret-bench-secret-1234',
  LOG_LEVEL: 'warn',
});
try {
  const signUp = async (email: string) => {
    const t = performance.now();
    const res = await fetch(`${web.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`sign-up answered ${res.status}`);
    return performance.now() - t;
  };
  const taken = `owner-${randomBytes(4).toString('hex')}@example.com`;
  await signUp(taken);
  for (let i = 0; i < 10; i++) await signUp(`warm-${i}-${randomBytes(4).toString('hex')}@example.com`); // warm-up
  const fresh: number[] = [];
  const again: number[] = [];
  // Interleaved, one at a time, so both see the same machine.
  for (let i = 0; i < N; i++) {
    fresh.push(await signUp(`new-${i}-${randomBytes(4).toString('hex')}@example.com`));
    again.push(await signUp(taken));
  }
  const a = summary(fresh);
  const b = summary(again);
  console.log(JSON.stringify({ n: N, new_address: a, taken_address: b }, null, 1));
  console.log(`median taken/new: ${((b.p50 ?? 0) / (a.p50 ?? 1)).toFixed(2)}`);
} finally {
  await web.stop();
  await adminQuery(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
}
