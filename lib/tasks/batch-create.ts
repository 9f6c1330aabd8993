// Submitting a batch: up to 100 novels with shared options. Every novel is validated first (the
// first bad one names its index), then, under the user's submit lock, the batch counts against
// the same limits as single submits — all or nothing — and the batch row, its tasks, their inputs,
// first events and jobs are written in ONE transaction.
import { createHash, randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { env } from '../env';
import { AppError, conflict } from '../errors';
import { type BatchCreated, type CreateBatchBody, MAX_BATCH_TASKS } from './batch-schema';
import { type Counts, checkIdempotencyKey, defaultTitle, limitError, resolveOptions, type Submitter } from './create';
import { NOTIFY_QUEUED, sendRunJobs } from './enqueue';
import { estimateSeconds } from './estimate';
import { newTaskId, ulid } from './ids';
import { charsPerSecond } from './learned-speed';
import { messagesFor } from './status-messages';
import { validateNovel } from './validate';

export interface CreateBatchResult {
  batch: BatchCreated;
  /** false when an Idempotency-Key replay returned an existing batch. */
  created: boolean;
}

function batchHash(body: CreateBatchBody): string {
  const options = Object.entries(body.options ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const canonical = JSON.stringify({
    tasks: body.tasks.map((t) => [t.novel_content, t.title ?? null]),
    title: body.title ?? null,
    options,
    priority: body.priority ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** validateNovel, with the error's field pointing at the novel in the batch. */
function validateAt(index: number, text: string): number {
  try {
    return validateNovel(text, env.NOVEL_MAX_CHARS).length;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const field = `tasks.${index}.novel_content`;
    throw new AppError(err.status, err.code, `tasks[${index}]: ${err.message}`, { ...err.extra, field });
  }
}

export async function createBatch(user: Submitter, body: CreateBatchBody, key?: string): Promise<CreateBatchResult> {
  checkIdempotencyKey(key);
  if (body.tasks.length > MAX_BATCH_TASKS) throw new AppError(422, 'too_many_tasks', `At most ${MAX_BATCH_TASKS}.`);
  const lengths = body.tasks.map((t, i) => validateAt(i, t.novel_content));
  const hash = key ? batchHash(body) : null;
  if (key) {
    const replay = await findReplay(user.id, key, hash);
    if (replay) return { batch: replay, created: false };
  }
  const db = getDb();
  const priority = body.priority ?? 0;
  const tasks = await Promise.all(
    body.tasks.map(async (t, i) => {
      const options = resolveOptions({ novel_content: t.novel_content, options: body.options });
      const length = lengths[i] ?? 0;
      return {
        id: newTaskId(),
        jobId: randomUUID(),
        title: t.title ?? defaultTitle(t.novel_content),
        message: messagesFor(options.language).pending,
        options: JSON.stringify(options),
        length,
        estimated: estimateSeconds(length, await charsPerSecond(db, options.model)),
        content: t.novel_content,
      };
    }),
  );
  const batchId = `batch_${ulid()}`;
  const title =
    body.title ?? (tasks.length === 1 ? (tasks[0]?.title ?? 'Batch') : `${tasks[0]?.title} (+${tasks.length - 1})`);
  const limit = user.tier === 'vip' ? env.MAX_ACTIVE_TASKS_VIP : env.MAX_ACTIVE_TASKS;
  const col = <K extends keyof (typeof tasks)[number]>(k: K) => tasks.map((t) => t[k]);
  try {
    await db.$transaction(async (tx) => {
      // The same per-user lock as single submits, so a batch and a submit cannot race past a limit.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${user.id}))`;
      const [counts] = await tx.$queryRaw<Counts[]>`
        SELECT (SELECT count(*)::int FROM script_tasks WHERE user_id = ${user.id}::uuid AND status IN ('pending', 'processing')) AS active,
               (SELECT count(*)::int FROM script_tasks WHERE user_id = ${user.id}::uuid AND created_at > now() - interval '1 minute') AS recent,
               (SELECT min(created_at) FROM script_tasks WHERE user_id = ${user.id}::uuid AND created_at > now() - interval '1 minute') AS oldest`;
      const n = tasks.length;
      if (!counts || counts.active + n > limit || counts.recent + n > env.SUBMIT_RATE_PER_MINUTE) {
        throw limitError(counts, limit, n);
      }
      await tx.$executeRaw`
        WITH b AS (
          INSERT INTO task_batches (id, user_id, title, task_count, idempotency_key, idempotency_hash)
          VALUES (${batchId}, ${user.id}::uuid, ${title}, ${n}, ${key ?? null}, ${hash}) RETURNING id),
        src AS (
          SELECT * FROM unnest(${col('id')}::text[], ${col('title')}::text[], ${col('message')}::text[],
                               ${col('options')}::text[], ${col('length')}::int[], ${col('estimated')}::int[],
                               ${col('jobId')}::uuid[], ${col('content')}::text[])
            AS s(id, title, message, options, length, estimated, job_id, content)),
        t AS (
          INSERT INTO script_tasks (id, user_id, title, message, options, novel_content_length, priority,
                                    estimated_time, job_id, batch_id)
          SELECT s.id, ${user.id}::uuid, s.title, s.message, s.options::jsonb, s.length, ${priority}, s.estimated,
                 s.job_id, b.id
          FROM src s CROSS JOIN b
          RETURNING id, options, novel_content_length),
        i AS (INSERT INTO task_inputs (task_id, content) SELECT s.id, s.content FROM src s JOIN t ON t.id = s.id),
        e AS (INSERT INTO task_events (task_id, kind, data)
              SELECT id, 'created', jsonb_build_object('length', novel_content_length, 'options', options,
                                                       'priority', ${priority}::int, 'batch_id', ${batchId}::text) FROM t)
        SELECT count(*) FROM t, LATERAL (SELECT ${NOTIFY_QUEUED}) n`;
      const owner = { userId: user.id, tier: user.tier };
      await sendRunJobs(
        tx,
        tasks.map((t) => ({ taskId: t.id, jobId: t.jobId, priority, urgent: false, owner })),
      );
    });
  } catch (err) {
    // Two requests with one key raced: the loser answers like a replay.
    if (key && isUniqueViolation(err)) {
      const replay = await findReplay(user.id, key, hash);
      if (replay) return { batch: replay, created: false };
    }
    throw err;
  }
  return { batch: { batch_id: batchId, task_ids: col('id') }, created: true };
}

async function findReplay(userId: string, key: string, hash: string | null): Promise<BatchCreated | null> {
  const existing = await getDb().taskBatch.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: key } },
    select: { id: true, idempotencyHash: true, tasks: { select: { id: true }, orderBy: { id: 'asc' } } },
  });
  if (!existing) return null;
  if (existing.idempotencyHash !== hash) {
    throw conflict('idempotency_conflict', 'This Idempotency-Key was already used with a different request body.');
  }
  return { batch_id: existing.id, task_ids: existing.tasks.map((t) => t.id) };
}
