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
  // Owners whose address is tried once each: what a prober sees on its first try of an address
  // (a new address is taken from its first sign-up on, so only a first try can tell the two apart).
  const owners = Array.from({ length: N }, (_, i) => `first-${i}-${randomBytes(4).toString('hex')}@example.com`);
  for (const o of owners) await signUp(o);
  for (let i = 0; i < 10; i++) await signUp(`warm-${i}-${randomBytes(4).toString('hex')}@example.com`); // warm-up
  const fresh: number[] = [];
  const first: number[] = [];
  const again: number[] = [];
  // Interleaved, one at a time, so all three see the same machine.
  for (let i = 0; i < N; i++) {
    fresh.push(await signUp(`new-${i}-${randomBytes(4).toString('hex')}@example.com`));
    first.push(await signUp(owners[i] as string));
    again.push(await signUp(taken));
  }
  const a = summary(fresh);
  const f = summary(first);
  const b = summary(again);
  console.log(JSON.stringify({ n: N, new_address: a, taken_first_try: f, taken_after_its_mail_limit: b }, null, 1));
  console.log(`median taken (first try)/new: ${((f.p50 ?? 0) / (a.p50 ?? 1)).toFixed(2)}`);
  console.log(`median taken (mail limit used)/new: ${((b.p50 ?? 0) / (a.p50 ?? 1)).toFixed(2)}`);
} finally {
  await web.stop();
  await adminQuery(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
}
