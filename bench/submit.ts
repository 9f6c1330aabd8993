// Phase 1 — submit throughput and latency through the API, against the raw-SQL baseline of the
// same rows at the same concurrency, measured in the same run. No worker runs in this phase.
import { type BenchUser, submit } from './api';
import { body, chapterSlices, utf8Bytes } from './bodies';
import { cpuMeter, round } from './cpu';
import { rawSubmit } from './raw-submit';
import type { PhaseContext } from './stack';
import { runConcurrent, summary } from './stats';

export interface SubmitConfig {
  clients: number;
  total: number;
  warmup: number;
  maxSeconds: number;
}

export async function submitPhase(ctx: PhaseContext, cfg: SubmitConfig) {
  const { web, dbUrl, sql, users, cpuRoots, log } = ctx;
  const slices = chapterSlices(64);
  const bodies = slices.map((s, i) => body(s, `bench chapter ${i}`));
  const sizes = bodies.map(utf8Bytes);
  const pick = (i: number) => bodies[i % bodies.length] ?? '';
  const userOf = (client: number) => users[client % users.length] as BenchUser;

  // Warm-up: the first requests compile routes, fill pools and JIT; not counted.
  await runConcurrent(cfg.clients, cfg.warmup, Date.now() + 30_000, async (i, c) => {
    await submit(web, userOf(c).token, pick(i));
  });

  log(`  API: up to ${cfg.total} submits, ${cfg.clients} clients, ${users.length} users…`);
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let firstError: string | undefined;
  await sql.topStatements(); // resets pg_stat_statements when loaded
  const cpu = cpuMeter(cpuRoots);
  const t0 = performance.now();
  await runConcurrent(cfg.clients, cfg.total, Date.now() + cfg.maxSeconds * 1000, async (i, c) => {
    const r = await submit(web, userOf(c).token, pick(i));
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.ok) lat.push(r.ms);
    else firstError ??= `${r.status} ${r.error}`;
  });
  const apiSeconds = (performance.now() - t0) / 1000;
  const apiCpu = cpu.stop();
  const statements = await sql.topStatements();
  if (firstError) log(`  API errors (first): ${firstError}`);
  const apiOk = lat.length;
  const fifth = Math.max(1, Math.floor(lat.length / 5));

  log(`  raw SQL: ${apiOk} transactions, ${cfg.clients} connections…`);
  const userIds = await sql.userIds();
  const rawCpu = cpuMeter(cpuRoots);
  const raw = await rawSubmit(dbUrl, userIds, slices, {
    clients: cfg.clients,
    total: Math.max(apiOk, 1),
    maxSeconds: cfg.maxSeconds,
  });
  const rawCpuUsed = rawCpu.stop();

  const apiRate = apiOk / apiSeconds;
  const rawRate = raw.done / raw.seconds;
  return {
    clients: cfg.clients,
    users: users.length,
    body_bytes: { min: Math.min(...sizes), max: Math.max(...sizes) },
    api: {
      tasks: apiOk,
      seconds: round(apiSeconds, 2),
      tasks_per_s: round(apiRate, 1),
      statuses,
      latency_ms: summary(lat),
      // Latency drift as pending tasks pile up (the per-user limit queries count them).
      p50_first_fifth_ms: summary(lat.slice(0, fifth)).p50,
      p50_last_fifth_ms: summary(lat.slice(-fifth)).p50,
      cpu_s: apiCpu,
      ...(statements ? { statements } : {}),
    },
    raw: {
      tasks: raw.done,
      errors: raw.errors,
      seconds: round(raw.seconds, 2),
      tasks_per_s: round(rawRate, 1),
      latency_ms: summary(raw.latenciesMs),
      cpu_s: rawCpuUsed,
    },
    ratio_api_over_raw: round(apiRate / rawRate, 3),
  };
}
