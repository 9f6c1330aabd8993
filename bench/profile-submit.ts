// Diagnostic, not part of `npm run bench`: createTask() called in-process (no HTTP, no Next.js)
// at the bench's concurrency, to split the API's submit cost between the route stack and the
// domain code + Prisma. Run with `node --cpu-prof --import tsx bench/profile-submit.ts` for a profile.
import { spawnSync } from 'node:child_process';
import { chapterSlices } from './bodies';
import { startDb } from './stack';
import { runConcurrent, summary } from './stats';

// lib/env reads process.env once at import: the measuring half runs in a child with it set.
if (!process.env.PROFILE_CHILD) {
  const db = await startDb(console.log);
  try {
    spawnSync(process.execPath, [...process.execArgv, import.meta.filename], {
      stdio: 'inherit',
      env: {
        ...process.env,
        PROFILE_CHILD: '1',
        DATABASE_URL: db.url,
        MAX_ACTIVE_TASKS: '100000',
        SUBMIT_RATE_PER_MINUTE: '1000000',
      },
    });
  } finally {
    await db.stop();
  }
  process.exit(0);
}
const { getDb, closeDb } = await import('../lib/db/client');
const { createTask } = await import('../lib/tasks/create');
const { userForToken, createToken } = await import('../lib/auth/tokens');
const { stopBoss } = await import('../lib/queue/boss');
try {
  const users = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      getDb().user.create({ data: { email: `p${i}@example.com`, passwordHash: 'x', name: `p${i}` } }),
    ),
  );
  const tokens = await Promise.all(users.map((u) => createToken(u.id, 'p')));
  const slices = chapterSlices(64);
  const run = async (n: number, withAuth: boolean) => {
    const lat: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await runConcurrent(16, n, Date.now() + 60_000, async (i, c) => {
      const s = performance.now();
      const u = users[c % users.length] as (typeof users)[0];
      if (withAuth) {
        await userForToken((tokens[c % tokens.length] as { token: string }).token);
      }
      // What the route parses: the JSON body (the bench's bodies are ~6–18 KB).
      const body = JSON.parse(
        JSON.stringify({ novel_content: slices[i % slices.length], title: `t${i}`, options: { model: 'offline' } }),
      );
      await createTask({ id: u.id, tier: 'standard' }, body);
      lat.push(performance.now() - s);
    });
    const sec = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `${withAuth ? 'auth+createTask' : 'createTask     '}: ${n} in ${sec.toFixed(2)} s = ${(n / sec).toFixed(1)}/s, ` +
        `process CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms/task, latency ${JSON.stringify(summary(lat))}`,
    );
  };
  await run(200, true); // warm-up
  await run(1000, false);
  await run(1000, true);
} finally {
  await stopBoss();
  await closeDb();
}
