// One job, start to end: claim the task, run the engine with progress, checkpoints and an
// AbortSignal, then record exactly one outcome. Every path settles the pg-boss job.
import type { PgBoss } from 'pg-boss';
import { env } from '../lib/env';
import { noSpend } from '../lib/llm/spend';
import { errorText, log, withLogContext } from '../lib/log';
import { metrics } from '../lib/metrics/registry';
import { withQuality } from '../lib/pipeline/quality';
import { AbortedError } from '../lib/pipeline/types';
import type { ClaimedJob } from '../lib/queue/fair-claim';
import { queues } from '../lib/queue/registry';
import { startRun } from '../lib/tasks/claim';
import { requeue } from '../lib/tasks/requeue';
import { cancelRun, completeRun, failRun, markRetrying } from '../lib/tasks/run-end';
import { classifyFailure } from './classify-failure';
import type { RunningJob as FetchedJob, StopReason } from './fetch-loop';
import { paced, selectGenerator } from './generator';
import { ProgressReporter } from './progress-reporter';
import { withDbRetry } from './retry-db';
import type { JobSettler } from './settler';

export type RunningJob = FetchedJob<ClaimedJob>;

const QUEUE = queues.generateScript.name;

function retryDelaySeconds(job: ClaimedJob): number {
  const base = Math.max(1, job.retryDelay);
  const delay = job.retryBackoff ? base * 2 ** job.retryCount : base;
  return Math.min(job.retryDelayMax ?? delay, delay);
}

export async function runJob(boss: PgBoss, settler: JobSettler, workerId: string, entry: RunningJob): Promise<void> {
  const { job } = entry;
  const attempt = { id: job.id, name: job.name, retryCount: job.retryCount };
  const payload = queues.generateScript.payload.safeParse(job.data);
  if (!payload.success) {
    await boss.fail(QUEUE, attempt, { error: 'invalid payload', issues: payload.error.issues.slice(0, 3) });
    return;
  }
  const taskId = payload.data.task_id;
  entry.taskId = taskId;
  const started = await withDbRetry('start', () => startRun(taskId, job.id, workerId));
  if (started.kind === 'skip') {
    await withDbRetry('settle job', () => boss.complete(QUEUE, attempt, { skipped: started.reason }));
    return;
  }
  const { run } = started;
  const logContext = { task_id: taskId, run_id: run.runId, worker_id: workerId, stage: null };
  await withLogContext(logContext, async () => {
    log.info({ attempt: run.attempts, wait_ms: Math.round(run.waitMs) }, 'run started');
    metrics.taskWait.observe(run.waitMs / 1000);
    const endTimer = metrics.taskRun.startTimer();
    const ref = { taskId, runId: run.runId };
    const language = run.options.language;
    const stop = (why: StopReason) => {
      if (entry.why) return;
      entry.why = why;
      entry.controller.abort(new AbortedError());
    };
    const reporter = new ProgressReporter(ref, {
      flushMs: env.PROGRESS_FLUSH_MS,
      onLost: () => stop('lost'),
      onCancelRequested: () => stop('cancel'),
      checkpoints: run.checkpoints,
    });
    const signal = entry.controller.signal;
    // What this run's own model calls spend (each is also added to the task's usage as it ends).
    const spent = noSpend();
    try {
      const generator = selectGenerator(run.options, { userId: run.userId, taskId }, spent);
      const ctx = paced({ signal, reportProgress: reporter.report, checkpoint: reporter.checkpoints });
      const script = await generator.generate(
        { title: run.title, text: run.content },
        {
          language: language ?? 'zh',
          episodes: run.options.episodes,
          episodeLength: run.options.episode_length,
          review: run.options.review,
          model: run.options.model,
          style: run.options.style,
        },
        ctx,
      );
      if (signal.aborted) throw new AbortedError();
      // every engine's result is measured here, once, before it is stored
      const result = await withQuality(script, run.content, {
        episodeLength: run.options.episode_length,
        title: run.title,
      });
      if (signal.aborted) throw new AbortedError(); // cancelled while the report was computed
      const events = await reporter.finish();
      await withDbRetry('complete', () => completeRun(ref, result, language, events));
      await settler.complete(attempt);
      endTimer({ outcome: 'completed' });
      log.info({ engine: result.engine, usage: result.usage, episodes: result.episodes.length }, 'run completed');
    } catch (err) {
      const why = entry.why;
      endTimer({ outcome: why ?? 'failed' });
      log.info({ why: why ?? 'error', error: errorText(err) }, 'run ended early');
      if (why !== 'lost') await withDbRetry('record progress', () => reporter.flushAndStop());
      if (why === 'cancel') {
        await withDbRetry('cancel', () => cancelRun(ref, language, spent));
        await withDbRetry('settle job', () => boss.complete(QUEUE, attempt, { cancelled: true }));
      } else if (why === 'shutdown') {
        await withDbRetry('requeue', () => requeue(taskId, run.runId, 'worker_shutdown'));
        await withDbRetry('settle job', () => boss.complete(QUEUE, attempt, { handed_back: true }));
      } else if (why === 'lost') {
        // Another delivery of this job owns the task now; its attempt settles the job.
      } else {
        const error = classifyFailure(err);
        if (error.retryable && job.retryCount < job.retryLimit) {
          const delay = retryDelaySeconds(job);
          await withDbRetry('mark retrying', () => markRetrying(ref, error, delay, language, spent));
          await withDbRetry('settle job', () => boss.fail(QUEUE, attempt, { error }));
        } else {
          const final = job.retryCount >= job.retryLimit && error.retryable ? { ...error, retryable: true } : error;
          await withDbRetry('fail', () => failRun(ref, final, language, spent));
          await withDbRetry('settle job', () => boss.complete(QUEUE, attempt, { failed: final.code }));
        }
      }
    }
  });
}
