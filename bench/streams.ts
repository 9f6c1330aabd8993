// npm run bench:streams — live task streams (GET /api/tasks/{id}/events) on one production web
// process, no worker (the tasks stay pending, so every change the viewers see is one we make):
//   1. idle: N streams opened 200 at a time; heap and RSS per stream after a full GC (the web
//      process is preloaded with bench/memory-probe.mjs), against the same process before it;
//   2. delivery: tasks cancelled one after another; for every viewer, the time from the cancel
//      request to its `cancelled` frame (p50/p99 over all viewers);
//   3. burst: N fresh viewers arriving evenly within one second; 200 / 429 / 503 / errors and the
//      time to the first frame.
// A fresh web process per N and path: `direct` opens streams in the web server's own handler
// (lib/live/direct-open.ts), `next` sends them through Next.js's route (SSE_DIRECT_OPEN=false),
// the baseline of the same run; the burst also counts the CPU time of the web process, Postgres
// and the bench client per open (/proc). The per-user and per-process stream caps (SSE_MAX_PER_USER 20,
// SSE_MAX_PER_PROCESS 20,000) are raised to 100,000 so they do not decide the figures; viewers
// are spread over BENCH_STREAM_USERS users (default 20) with 5 tasks each.
// BENCH_STREAMS=2000,5000 (default) picks the sizes, BENCH_STREAM_PATHS=direct,next (default) the
// paths, BENCH_WEB_NODE_OPTIONS adds Node options to the web process (a CPU profile);
// BENCH_DATABASE_URL as for `npm run bench`.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createUsers } from './api';
import { body, tinyNovel } from './bodies';
import { cpuMeter } from './cpu';
import { type BenchDb, build, root, startDb, startWeb } from './stack';
import { sleep, summary, table } from './stats';

const SIZES = (process.env.BENCH_STREAMS ?? '2000,5000').split(',').map(Number);
const USERS = Number(process.env.BENCH_STREAM_USERS ?? 20);
const TASKS_PER_USER = 5;
const CANCELS = Number(process.env.BENCH_STREAM_CANCELS ?? 10);
const PATHS = (process.env.BENCH_STREAM_PATHS ?? 'direct,next').split(',') as ('direct' | 'next')[];
for (const p of PATHS) if (p !== 'direct' && p !== 'next') throw new Error(`BENCH_STREAM_PATHS: unknown path ${p}`);
const log = (s: string) => console.log(`[bench:streams] ${s}`);
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

interface Viewer {
  status: number;
  /** ms from the request to the first `event: task` frame (or to the refusal). */
  firstMs: number;
  error?: string;
  close(): void;
  /** Called with the task's status on every `event: task` frame. */
  onStatus?: (status: string) => void;
}

/** Opens one stream; resolves at its first task frame, or at once when refused or broken. */
function view(base: string, token: string, taskId: string): Promise<Viewer> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const viewer: Viewer = { status: 0, firstMs: 0, close: () => req.destroy() };
    let settled = false;
    const done = (status: number, error?: string) => {
      if (settled) return;
      settled = true;
      viewer.status = status;
      viewer.firstMs = performance.now() - t0;
      if (error) viewer.error = error;
      resolve(viewer);
    };
    const req = http.get(
      `${base}/api/tasks/${taskId}/events`,
      { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          res.resume();
          res.on('end', () => done(status));
          return;
        }
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let cut = buf.indexOf('\n\n');
          while (cut >= 0) {
            const frame = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            cut = buf.indexOf('\n\n');
            if (!frame.startsWith('event: task')) continue;
            const m = /"status":"(\w+)"/.exec(frame);
            done(200);
            if (m?.[1]) viewer.onStatus?.(m[1]);
          }
        });
        res.on('error', () => undefined);
        res.on('close', () => done(200, 'closed before the first frame'));
      },
    );
    req.on('error', (err) => done(0, err.message));
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
  });
}

/** Full GC in the web process, then its heap and RSS (bench/memory-probe.mjs). */
async function memory(pid: number, dir: string): Promise<{ heapMb: number; rssMb: number }> {
  const file = path.join(dir, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(50);
    try {
      const m = JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; rss: number };
      return { heapMb: m.heapUsed / 2 ** 20, rssMb: m.rss / 2 ** 20 };
    } catch {
      // not written yet
    }
  }
  throw new Error('the web process did not report its memory (is bench/memory-probe.mjs preloaded?)');
}

async function submitTasks(base: string, tokens: string[], tag: string): Promise<{ id: string; token: string }[]> {
  const tasks: { id: string; token: string }[] = [];
  for (const [u, token] of tokens.entries()) {
    for (let k = 0; k < TASKS_PER_USER; k++) {
      const res = await fetch(`${base}/api/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body(tinyNovel(u * 100 + k), `streams ${tag} ${u}-${k}`),
      });
      if (res.status !== 202) throw new Error(`POST /api/tasks: ${res.status} ${await res.text()}`);
      tasks.push({ id: ((await res.json()) as { task_id: string }).task_id, token });
    }
  }
  return tasks;
}

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * (TcpExt ListenOverflows, this network namespace, every listener): null where unreadable.
 */
function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i]?.split(' ') ?? [];
      const at = names.indexOf('ListenOverflows');
      if (at > 0) return Number(lines[i + 1]?.split(' ')[at]);
    }
  } catch {
    // not Linux, or /proc not mounted
  }
  return null;
}

const count = (vs: Viewer[], pred: (v: Viewer) => boolean) => vs.filter(pred).length;
const tally = (xs: string[]) =>
  Object.fromEntries(
    Object.entries(Object.groupBy(xs, (x) => x))
      .map(([k, v]) => [k, v?.length ?? 0] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
  );
const mb = (x: number) => Math.round(x * 10) / 10;

async function measure(n: number, openPath: 'direct' | 'next', distDir: string, db: BenchDb, memDir: string) {
  const dbUrl = db.url;
  const web = await startWeb(dbUrl, distDir, {
    SSE_DIRECT_OPEN: openPath === 'direct' ? 'true' : 'false',
    SSE_MAX_PER_USER: '100000',
    SSE_MAX_PER_PROCESS: '100000',
    // BENCH_WEB_NODE_OPTIONS adds to the web process's, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    NODE_OPTIONS: `--import ${path.join(root, 'bench/memory-probe.mjs')} ${process.env.BENCH_WEB_NODE_OPTIONS ?? ''}`,
    BENCH_MEMORY_DIR: memDir,
  });
  try {
    const base = web.url;
    const users = await createUsers(base, USERS, `s${n}-${Date.now()}`);
    const tokens = users.map((u) => u.token);
    const tasks = await submitTasks(base, tokens, `idle ${n}`);
    // warm the route (compile caches, pools) and settle, then the baseline
    const warm = await Promise.all(tasks.map((t) => view(base, t.token, t.id)));
    for (const v of warm) v.close();
    await sleep(2000);
    const before = await memory(web.pid, memDir);

    // 1. idle streams, opened 200 at a time
    const t0 = performance.now();
    const viewers: { v: Viewer; task: number }[] = [];
    for (let i = 0; i < n; i += 200) {
      const batch = Array.from({ length: Math.min(200, n - i) }, (_, j) => (i + j) % tasks.length);
      const opened = await Promise.all(
        batch.map(async (task) => ({ v: await view(base, tasks[task]?.token ?? '', tasks[task]?.id ?? ''), task })),
      );
      viewers.push(...opened);
    }
    const openS = (performance.now() - t0) / 1000;
    const idleOk = count(
      viewers.map((x) => x.v),
      (v) => v.status === 200 && !v.error,
    );
    await sleep(2000);
    const after = await memory(web.pid, memDir);
    const perStreamKb = (mbDelta: number) => Math.round((mbDelta * 1024 * 10) / Math.max(1, idleOk)) / 10;

    // 2. delivery: cancel tasks one at a time, time every viewer's `cancelled` frame
    const samples: number[] = [];
    let missed = 0;
    for (let c = 0; c < Math.min(CANCELS, tasks.length); c++) {
      const task = tasks[c];
      if (!task) break;
      const mine = viewers.filter((x) => x.task === c && x.v.status === 200 && !x.v.error).map((x) => x.v);
      const start = performance.now();
      const arrived = mine.map(
        (v) =>
          new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => resolve(null), 30_000);
            v.onStatus = (s) => {
              if (s !== 'cancelled') return;
              clearTimeout(timer);
              resolve(performance.now() - start);
            };
          }),
      );
      const res = await fetch(`${base}/api/tasks/${task.id}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${task.token}` },
      });
      if (res.status >= 300) throw new Error(`cancel: ${res.status} ${await res.text()}`);
      for (const ms of await Promise.all(arrived)) {
        if (ms === null) missed++;
        else samples.push(ms);
      }
    }
    for (const x of viewers) x.v.close();
    await sleep(3000); // the server notices the closed sockets and frees its streams

    // 3. burst: n fresh viewers within one second, on fresh pending tasks
    const fresh = await submitTasks(base, tokens, `burst ${n}`);
    const overflows0 = listenOverflows();
    const cpu = cpuMeter({ web: web.pid, postgres: db.postmasterPid });
    const b0 = performance.now();
    const burst = await Promise.all(
      Array.from(
        { length: n },
        (_, i) =>
          new Promise<Viewer>((resolve) => {
            const t = fresh[i % fresh.length];
            setTimeout(() => view(base, t?.token ?? '', t?.id ?? '').then(resolve), (i * 1000) / n);
          }),
      ),
    );
    const burstS = (performance.now() - b0) / 1000;
    const used = cpu.stop();
    const perOpen = (s: number | null | undefined) => (s == null ? null : Math.round((s * 1e6) / n) / 1000);
    const overflows1 = listenOverflows();
    for (const v of burst) v.close();
    const ok = burst.filter((v) => v.status === 200 && !v.error);
    const result = {
      streams: n,
      path: openPath,
      idle: {
        opened: idleOk,
        failed: n - idleOk,
        open_seconds: Math.round(openS * 10) / 10,
        heap_mb: { before: mb(before.heapMb), after: mb(after.heapMb) },
        rss_mb: { before: mb(before.rssMb), after: mb(after.rssMb) },
        heap_kb_per_stream: perStreamKb(after.heapMb - before.heapMb),
        rss_kb_per_stream: perStreamKb(after.rssMb - before.rssMb),
      },
      delivery_ms: { ...summary(samples), missed, cancels: Math.min(CANCELS, tasks.length) },
      burst: {
        seconds: Math.round(burstS * 10) / 10,
        ok: ok.length,
        status_429: count(burst, (v) => v.status === 429),
        status_503: count(burst, (v) => v.status === 503),
        other: count(burst, (v) => v.status !== 200 && v.status !== 429 && v.status !== 503),
        broken: count(burst, (v) => v.status === 200 && Boolean(v.error)),
        /** What the refused or broken ones met (status 0: no HTTP answer), most common first. */
        errors: tally(
          burst.filter((v) => v.status !== 200 || v.error).map((v) => `${v.status} ${v.error ?? ''}`.trim()),
        ),
        first_frame_ms: summary(ok.map((v) => v.firstMs)),
        /** Handshakes the kernel dropped on a full accept queue meanwhile (SYN retries count again). */
        listen_overflows: overflows0 === null || overflows1 === null ? null : overflows1 - overflows0,
        /** CPU ms per arriving viewer over the burst: the web process, Postgres, the bench client. */
        cpu_ms_per_open: { web: perOpen(used.web), postgres: perOpen(used.postgres), client: perOpen(used.bench) },
      },
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await web.stop(10_000);
  }
}

async function main(): Promise<void> {
  const { distDir, stale } = build(log);
  const db = await startDb(log);
  const memDir = mkdtempSync(path.join(os.tmpdir(), 'shortplay-streams-'));
  const results = [];
  try {
    for (const n of SIZES) {
      for (const openPath of PATHS) {
        log(`${n.toLocaleString('en')} streams on one web process, opened by the ${openPath} path…`);
        results.push(await measure(n, openPath, distDir, db, memDir));
        await sleep(2000);
      }
    }
  } finally {
    await db.stop();
    rmSync(memDir, { recursive: true, force: true });
  }
  const rows: (string | number | null)[][] = [
    [
      'streams',
      'path',
      'opened',
      'open s',
      'heap KB/stream',
      'RSS KB/stream',
      'RSS MB before→after',
      'cancel→viewer p50 ms',
      'p99 ms',
      'missed',
      'burst ok',
      '429',
      '503',
      'other',
      'first frame p99 ms',
      'accept overflows',
      'web CPU ms/open',
      'pg CPU ms/open',
    ],
  ];
  for (const r of results) {
    rows.push([
      r.streams,
      r.path,
      r.idle.opened,
      r.idle.open_seconds,
      r.idle.heap_kb_per_stream,
      r.idle.rss_kb_per_stream,
      `${r.idle.rss_mb.before}→${r.idle.rss_mb.after}`,
      r.delivery_ms.p50,
      r.delivery_ms.p99,
      r.delivery_ms.missed,
      r.burst.ok,
      r.burst.status_429,
      r.burst.status_503,
      r.burst.other + r.burst.broken,
      r.burst.first_frame_ms.p99,
      r.burst.listen_overflows,
      r.burst.cpu_ms_per_open.web,
      r.burst.cpu_ms_per_open.postgres,
    ]);
  }
  console.log(
    `\nlive task streams, one web process${stale ? ' (STALE BUILD)' : ''}, load ${os.loadavg()[0]?.toFixed(1)}\n`,
  );
  console.log(table(rows));
  const ratio = (a: number | null, b: number | null) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  for (const n of SIZES) {
    const d = results.find((r) => r.streams === n && r.path === 'direct');
    const x = results.find((r) => r.streams === n && r.path === 'next');
    if (!d || !x) continue;
    console.log(
      `${n}: direct/next — web CPU per open ${ratio(d.burst.cpu_ms_per_open.web, x.burst.cpu_ms_per_open.web)}, ` +
        `first frame p99 ${ratio(d.burst.first_frame_ms.p99, x.burst.first_frame_ms.p99)}, ` +
        `burst served ${d.burst.ok} vs ${x.burst.ok}`,
    );
  }
  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'streams-latest.json'),
    `${JSON.stringify({ at: new Date(), stale, results }, null, 2)}\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
