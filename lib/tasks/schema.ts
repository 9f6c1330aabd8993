// Wire shapes of the task API: shared by route handlers, the typed client, job payloads and docs.
// Everything on the wire is snake_case; TaskInfo keeps the seed's field names exactly.
import { z } from 'zod';
import { ACCEPTED_LANGUAGE_TAGS, normalizeLanguageTag } from '../i18n/language-tag';
import { ScriptResult } from '../pipeline/schema';
import { storable } from '../storable-text';
import { ISO_DURATION_PATTERN } from './estimate';

/** `task_` + a ULID (lib/tasks/ids.ts): Crockford base32, no I, L, O or U. */
export const TASK_ID_PATTERN = /^task_[0-9A-HJKMNP-TV-Z]{26}$/;
export const TaskId = z.string().regex(TASK_ID_PATTERN);

export const TASK_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];
/** Completed, failed or cancelled: nothing will change it but a re-run. */
export const isTerminal = (s: TaskStatus): boolean => TERMINAL_STATUSES.includes(s);
/** Waiting or running: a worker will still write to it. */
export const isActive = (s: TaskStatus): boolean => !isTerminal(s);

/** A BCP 47 tag (zh, zh-CN, zh-Hans, zh-TW, en, en-US …) read as the language the script is written in. */
export const LanguageTag = z
  .string()
  .max(35)
  .transform((tag, ctx) => {
    const language = normalizeLanguageTag(tag);
    if (language) return language;
    ctx.addIssue({ code: 'custom', message: `unknown language tag; accepted: ${ACCEPTED_LANGUAGE_TAGS}` });
    return z.NEVER;
  })
  .pipe(z.enum(['zh', 'en']))
  .meta({
    description: `Stored as zh or en; detected from the text when absent. Accepted: ${ACCEPTED_LANGUAGE_TAGS}`,
    examples: ['zh-CN', 'en-US'],
  });

export const TaskOptions = z
  .object({
    model: storable(z.string().min(1).max(100)).optional(),
    language: LanguageTag.optional(),
    episodes: z.number().int().min(1).max(100).optional(),
    episode_length: z.number().int().min(100).max(5000).optional(),
    style: storable(z.string().max(2000)).optional(),
    /** LLM engine: critic pass + one rewrite per episode; false saves their tokens. */
    review: z.boolean().optional(),
  })
  .strict();
export type TaskOptions = z.infer<typeof TaskOptions>;
/** What a caller may send: language as any accepted BCP 47 tag. */
export type TaskOptionsInput = z.input<typeof TaskOptions>;

export const CreateTaskBody = z
  .object({
    novel_content: z.string(),
    title: storable(z.string().trim().min(1).max(200)).optional(),
    options: TaskOptions.optional(),
    priority: z.number().int().min(0).max(10).optional(),
  })
  .strict();
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

export const TaskError = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });
export type TaskError = z.infer<typeof TaskError>;

export const TaskInfo = z.object({
  task_id: z.string(),
  status: TaskStatus,
  progress: z.number().int().min(0).max(100),
  message: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  result: ScriptResult.optional(),
  /** The seed's field: how long the run takes in all, as an ISO 8601 duration ("PT2M30S"). */
  estimated_time: z.string().regex(ISO_DURATION_PATTERN).optional(),
  /** The same estimate in whole seconds. */
  estimated_seconds: z.number().int().nonnegative().optional(),
  stage: z.string().nullable(),
  title: z.string(),
  error: TaskError.nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  priority: z.number().int(),
  options: TaskOptions,
  novel_content_length: z.number().int().nonnegative(),
  cancel_requested: z.boolean(),
  /** An admin marked it urgent: it starts before everyone's normal tasks. */
  urgent: z.boolean().default(false),
  /** The batch it was submitted in (POST /api/batches), or null. */
  batch_id: z.string().nullable().default(null),
});
export type TaskInfo = z.infer<typeof TaskInfo>;

export const TaskList = z.object({ tasks: z.array(TaskInfo), next_cursor: z.string().nullable() });
export type TaskList = z.infer<typeof TaskList>;

export const TaskEventKind = z.enum([
  'created',
  'started',
  'stage_started',
  'stage_completed',
  'retried',
  'requeued',
  'failed',
  'cancel_requested',
  'cancelled',
  'completed',
  'marked_urgent',
  'unmarked_urgent',
]);
export type TaskEventKind = z.infer<typeof TaskEventKind>;

export const TaskEventInfo = z.object({
  id: z.string(),
  kind: TaskEventKind,
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
export type TaskEventInfo = z.infer<typeof TaskEventInfo>;

export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
