// What each rule measures, at a given moment (`now` is a parameter so tests control the clock).
// A check answers whether the rule fires, the value it saw, the threshold it compared with and a
// one-line summary for people.
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { databaseSizeBytes } from '../db/client';
import { env } from '../env';
import { isLive, listWorkers } from '../queue/workers';
import {
  finishedInWindow,
  llmFailures,
  queueNow,
  spendInWindow,
  submittedInWindow,
  windowEndingAt,
} from '../tasks/metrics';
import { tasksInWindow } from '../tasks/stats';
import type { RuleId, Rules } from './rules';

export interface Check {
  firing: boolean;
  value: number | null;
  threshold: number;
  summary: string;
}

const minutesBefore = (now: Date, m: number) => windowEndingAt(now, m * 60_000);
const pct = (x: number) => `${Math.round(x * 100)}%`;

export async function runChecks(rules: Rules, now: Date): Promise<Partial<Record<RuleId, Check>>> {
  const out: Partial<Record<RuleId, Check>> = {};
  const workers = (await listWorkers(500)).filter((w) => isLive(w, now.getTime()));
  const queue = await queueNow(now);

  const fr = rules.failure_rate;
  if (fr.enabled) {
    const f = await finishedInWindow(minutesBefore(now, fr.window_minutes));
    const ended = f.completed + f.failed;
    const rate = ended === 0 ? 0 : f.failed / ended;
    out.failure_rate = {
      firing: f.failed >= fr.min_count && rate > fr.threshold,
      value: rate,
      threshold: fr.threshold,
      summary: `${f.failed} of ${ended} tasks failed in ${fr.window_minutes} min (${pct(rate)} > ${pct(fr.threshold)})`,
    };
  }
  const rt = rules.run_time;
  if (rt.enabled) {
    const [recent, week] = await Promise.all([
      finishedInWindow(minutesBefore(now, rt.window_minutes)),
      // The week's baseline from the rollups (decision 0142): exact, it would read every task of the week each minute.
      tasksInWindow(minutesBefore(now, 7 * 24 * 60)),
    ]);
    const p95 = recent.run.p95 === null ? null : recent.run.p95 / 1000;
    const baseline = week.run.p95 === null ? null : (week.run.p95 / 1000) * rt.baseline_factor;
    const limit = Math.min(rt.max_p95_seconds, baseline ?? Number.POSITIVE_INFINITY);
    out.run_time = {
      firing: p95 !== null && recent.completed >= rt.min_count && p95 > limit,
      value: p95,
      threshold: limit,
      summary: `processing p95 ${p95?.toFixed(0) ?? '—'} s over ${rt.window_minutes} min (limit ${limit.toFixed(0)} s)`,
    };
  }
  const qw = rules.queue_wait;
  if (qw.enabled) {
    const s = await submittedInWindow(minutesBefore(now, qw.window_minutes));
    const p95 = s.wait.p95 === null ? 0 : s.wait.p95 / 1000;
    const oldest = (queue.oldest_waiting_ms ?? 0) / 1000;
    out.queue_wait = {
      firing: p95 > qw.max_p95_seconds || oldest > qw.max_oldest_seconds,
      value: Math.max(p95, oldest),
      threshold: qw.max_oldest_seconds,
      summary: `queue wait p95 ${p95.toFixed(0)} s, oldest waiting ${oldest.toFixed(0)} s`,
    };
  }
  if (rules.no_workers.enabled) {
    out.no_workers = {
      firing: queue.waiting > 0 && workers.length === 0,
      value: queue.waiting,
      threshold: 0,
      summary: `${queue.waiting} task(s) waiting, ${workers.length} live worker(s)`,
    };
  }
  const wr = rules.worker_resources;
  if (wr.enabled) {
    const rss = Math.max(0, ...workers.map((w) => Number(w.rssBytes ?? 0))) / 2 ** 20;
    const lag = Math.max(0, ...workers.map((w) => w.eventLoopLagMs ?? 0));
    out.worker_resources = {
      firing: rss > wr.max_rss_mb || lag > wr.max_lag_ms,
      value: rss,
      threshold: wr.max_rss_mb,
      summary: `largest worker ${rss.toFixed(0)} MB, worst event-loop lag ${lag.toFixed(0)} ms`,
    };
  }
  const st = rules.storage;
  if (st.enabled) {
    const dbGb = (await databaseSizeBytes()) / 2 ** 30;
    const fs = await statfs(path.resolve(env.DATA_DIR)).catch(() => statfs(process.cwd()));
    const freeGb = (fs.bavail * fs.bsize) / 2 ** 30;
    out.storage = {
      firing: dbGb > st.max_database_gb || freeGb < st.min_free_disk_gb,
      value: dbGb,
      threshold: st.max_database_gb,
      summary: `database ${dbGb.toFixed(2)} GB, ${freeGb.toFixed(1)} GB free on disk`,
    };
  }
  const llm = rules.llm;
  if (llm.enabled) {
    const [f, spend] = await Promise.all([
      llmFailures(minutesBefore(now, llm.window_minutes)),
      spendInWindow(minutesBefore(now, 24 * 60)),
    ]);
    const rate = f.ended === 0 ? 0 : f.failed / f.ended;
    out.llm = {
      firing: (f.failed >= llm.min_count && rate > llm.max_error_rate) || spend > llm.max_daily_usd,
      value: rate,
      threshold: llm.max_error_rate,
      summary: `model errors ${pct(rate)} of ${f.ended} runs in ${llm.window_minutes} min; US$${spend.toFixed(2)} spent in 24 h`,
    };
  }
  return out;
}
