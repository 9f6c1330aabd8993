// Phase 2 — pickup latency: an idle worker waits; tasks arrive one at a time, 20–50 ms apart.
// Measured from the submit's commit side (the row's created_at, and the 202's arrival) to the
// worker's claim (started_at), and pg-boss's own created_on → started_on for the job.
import type { BenchUser } from './api';
import { submit } from './api';
import { body, tinyNovel } from './bodies';
import type { BenchSql } from './db';
import { sleep, summary } from './stats';

export async function pickupPhase(web: string, sql: BenchSql, user: BenchUser, samples: number, maxSeconds: number) {
  const arrivals = new Map<string, number>();
  const deadline = Date.now() + maxSeconds * 1000;
  let failed = 0;
  for (let i = 0; i < samples && Date.now() < deadline; i++) {
    const r = await submit(web, user.token, body(tinyNovel(i), `pickup ${i}`));
    if (r.ok && r.taskId) arrivals.set(r.taskId, r.at);
    else failed++;
    await sleep(20 + Math.random() * 30);
  }
  await sql.waitForStatus('completed', arrivals.size, Date.now() + 10_000);
  const rows = await sql.query<{ id: string; created: number; started: number | null; job_wait: number | null }>(
    `SELECT t.id,
            extract(epoch FROM t.created_at) * 1000 AS created,
            extract(epoch FROM t.started_at) * 1000 AS started,
            extract(epoch FROM j.started_on - j.created_on) * 1000 AS job_wait
     FROM script_tasks t LEFT JOIN pgboss.job j ON j.id = t.job_id AND j.name = 'generate-script'
     WHERE t.id = ANY($1)`,
    [[...arrivals.keys()]],
  );
  const fromCreated: number[] = [];
  const fromResponse: number[] = [];
  const jobWait: number[] = [];
  let neverStarted = 0;
  for (const r of rows) {
    if (r.started === null) {
      neverStarted++;
      continue;
    }
    fromCreated.push(Number(r.started) - Number(r.created));
    fromResponse.push(Number(r.started) - (arrivals.get(r.id) ?? 0));
    if (r.job_wait !== null) jobWait.push(Number(r.job_wait));
  }
  return {
    samples: rows.length,
    failed_submits: failed,
    never_started: neverStarted,
    created_to_started_ms: summary(fromCreated),
    response_to_started_ms: summary(fromResponse),
    job_created_to_claimed_ms: summary(jobWait),
  };
}
