// Submitting a novel: validate, apply the user's limits, and write the task row, its input, its
// first event and its pg-boss job (lib/tasks/enqueue.ts) in ONE transaction, so neither can exist
// without the other.
import { createHash, randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { env } from '../env';
import { conflict, tooManyRequests, unprocessable } from '../errors';
import { allowedModels, defaultModel } from '../llm/models';
import { sliceCodePoints } from '../storable-text';
import { NOTIFY_QUEUED, sendRunJob } from './enqueue';
import { estimateSeconds } from './estimate';
import { newTaskId } from './ids';
import { charsPerSecond } from './learned-speed';
import { type TaskInfoRow, taskInfoColumns, taskInfoSelect, toTaskInfo } from './present';
import type { CreateTaskBody, TaskInfo, TaskOptions } from './schema';
import { detectLanguage, messagesFor } from './status-messages';
import { validateNovel } from './validate';

export interface Submitter {
  id: string;
  tier: 'standard' | 'vip';
}

export interface CreateResult {
  task: TaskInfo;
  /** false when an Idempotency-Key replay returned an existing task. */
  created: boolean;
}

const MAX_IDEMPOTENCY_KEY = 200;

export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
    throw unprocessable('invalid_idempotency_key', `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY} characters.`);
  }
}

export function bodyHash(body: CreateTaskBody): string {
  const canonical = JSON.stringify({
    novel_content: body.novel_content,
    title: body.title ?? null,
    options: body.options
      ? Object.fromEntries(Object.entries(body.options).sort(([a], [b]) => a.localeCompare(b)))
      : {},
    priority: body.priority ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export function resolveOptions(body: CreateTaskBody): Required<Pick<TaskOptions, 'model' | 'language'>> & TaskOptions {
  const options = body.options ?? {};
  const model = options.model ?? defaultModel();
  if (!allowedModels().includes(model)) {
    throw unprocessable(
      'unknown_model',
      `options.model "${model}" is not available; choose one of: ${allowedModels().join(', ')}.`,
      'options.model',
    );
  }
  return { ...options, model, language: options.language ?? detectLanguage(body.novel_content) };
}

/** The first line, cut at 40 characters (an emoji at the cut is kept whole). */
export function defaultTitle(text: string): string {
  const firstLine = text.trim().split('\n')[0]?.trim() ?? '';
  const cut = sliceCodePoints(firstLine, 40);
  return (cut.length < firstLine.length ? `${cut}…` : firstLine) || 'Untitled';
}

export async function createTask(
  user: Submitter,
  body: CreateTaskBody,
  idempotencyKey?: string,
): Promise<CreateResult> {
  checkIdempotencyKey(idempotencyKey);
  const { length } = validateNovel(body.novel_content, env.NOVEL_MAX_CHARS);
  const options = resolveOptions(body);
  const hash = idempotencyKey ? bodyHash(body) : null;
  const db = getDb();

  if (idempotencyKey) {
    const replay = await findReplay(user.id, idempotencyKey, hash);
    if (replay) return { task: replay, created: false };
  }

  const rate = await charsPerSecond(db, options.model);
  const id = newTaskId();
  const jobId = randomUUID();
  // The user's priority orders only their own waiting tasks; VIP is a scheduling weight (0100).
  const priority = body.priority ?? 0;
  const msgs = messagesFor(options.language);

  const task = {
    id,
    title: body.title ?? defaultTitle(body.novel_content),
    message: msgs.pending,
    options: JSON.stringify(options),
    length,
    priority,
    estimated: estimateSeconds(length, rate),
  };
  try {
    const limit = user.tier === 'vip' ? env.MAX_ACTIVE_TASKS_VIP : env.MAX_ACTIVE_TASKS;
    const row = await db.$transaction(async (tx) => {
      // Serialise one user's submissions so the limits below cannot be raced past.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${user.id}))`;
      // Limits, row, input, first event and the NOTIFYs of a queued task in one statement; nothing
      // is written when a limit is reached, and the counts come back to say which.
      const [out] = await tx.$queryRaw<(Partial<TaskInfoRow> & Counts)[]>`
        WITH c AS (
          SELECT (SELECT count(*)::int FROM script_tasks WHERE user_id = ${user.id}::uuid AND status IN ('pending', 'processing')) AS active,
                 (SELECT count(*)::int FROM script_tasks WHERE user_id = ${user.id}::uuid AND created_at > now() - interval '1 minute') AS recent,
                 (SELECT min(created_at) FROM script_tasks WHERE user_id = ${user.id}::uuid AND created_at > now() - interval '1 minute') AS oldest),
        t AS (
          INSERT INTO script_tasks (id, user_id, title, message, options, novel_content_length, priority,
                                    estimated_time, idempotency_key, idempotency_hash, job_id)
          SELECT ${task.id}, ${user.id}::uuid, ${task.title}, ${task.message}, ${task.options}::jsonb, ${task.length},
                 ${task.priority}, ${task.estimated}, ${idempotencyKey ?? null}, ${hash}, ${jobId}::uuid
          FROM c WHERE c.active < ${limit} AND c.recent < ${env.SUBMIT_RATE_PER_MINUTE}
          RETURNING *),
        i AS (INSERT INTO task_inputs (task_id, content) SELECT id, ${body.novel_content} FROM t),
        e AS (INSERT INTO task_events (task_id, kind, data)
              SELECT id, 'created', jsonb_build_object('length', ${length}::int, 'options', ${task.options}::jsonb, 'priority', ${priority}::int) FROM t)
        SELECT ${taskInfoColumns}, c.active, c.recent, c.oldest
        FROM c LEFT JOIN t ON true
        LEFT JOIN LATERAL (SELECT ${NOTIFY_QUEUED} WHERE t.id IS NOT NULL) n ON true`;
      if (!out?.id) throw limitError(out, limit, 1);
      await sendRunJob(tx, { taskId: id, jobId, priority, urgent: false, owner: { userId: user.id, tier: user.tier } });
      return out as TaskInfoRow;
    });
    return { task: toTaskInfo(row), created: true };
  } catch (err) {
    // Two requests with one key raced: the loser answers like a replay.
    if (idempotencyKey && isUniqueViolation(err)) {
      const replay = await findReplay(user.id, idempotencyKey, hash);
      if (replay) return { task: replay, created: false };
    }
    throw err;
  }
}

async function findReplay(userId: string, key: string, hash: string | null): Promise<TaskInfo | null> {
  const existing = await getDb().task.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: key } },
    select: { ...taskInfoSelect, idempotencyHash: true, result: true },
  });
  if (!existing) return null;
  if (existing.idempotencyHash !== hash) {
    throw conflict('idempotency_conflict', 'This Idempotency-Key was already used with a different request body.');
  }
  return toTaskInfo(existing);
}

export interface Counts {
  active: number;
  recent: number;
  oldest: Date | null;
}

/** `adding` tasks would pass a limit: which one, said so the user knows what to do. */
export function limitError(counts: Counts | undefined, limit: number, adding: number) {
  if (!counts || counts.active + adding > limit) {
    const active = counts?.active ?? limit;
    const batch = adding > 1 ? `; these ${adding} would make ${active + adding}` : '';
    return tooManyRequests(
      'active_task_limit',
      `You have ${active} tasks waiting or running (limit ${limit})${batch}; wait for some to finish or cancel them.`,
      10,
    );
  }
  const wait = counts.oldest ? Math.max(1, Math.ceil(60 - (Date.now() - counts.oldest.getTime()) / 1000)) : 60;
  return tooManyRequests(
    'rate_limited',
    `More than ${env.SUBMIT_RATE_PER_MINUTE} submissions in a minute${adding > 1 ? ` (a batch counts each of its ${adding} novels)` : ''}; try again in ${wait} s.`,
    wait,
  );
}
