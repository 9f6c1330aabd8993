// The task routes in the OpenAPI document (lib/openapi/routes.ts lists every domain's routes).
// Schemas are the ones the routes and the typed client use, so the document cannot drift.
import { z } from 'zod';
import { type Assert, AUTHENTICATED, type Equal, errors, json, type Paths } from '../openapi/common';
import { EXPORT_FORMATS, TYPES as EXPORT_TYPES } from '../pipeline/export';
import { Episode, ScriptResult } from '../pipeline/schema';
import type { PartialScriptView } from './checkpoints';
import { CreateTaskBody, TASK_STATUSES, TaskEventInfo, TaskId, TaskInfo, TaskList, TaskStatus } from './schema';

const TaskInfoDoc = TaskInfo.meta({
  id: 'TaskInfo',
  description: "A task as the seed's TaskInfo declares it, plus details",
});

/** A TaskInfo as POST /api/tasks answers it (taken from a real response). */
export const TASK_INFO_EXAMPLE = {
  task_id: 'task_01KB2F6Q8ZJ3M4N5P6R7S8T9VW',
  status: 'pending',
  progress: 0,
  message: '排队中，等待开始…',
  created_at: '2026-11-30T09:12:03.412Z',
  updated_at: '2026-11-30T09:12:03.412Z',
  estimated_time: 'PT2M30S',
  estimated_seconds: 150,
  stage: null,
  title: '阿Q正传',
  error: null,
  started_at: null,
  finished_at: null,
  attempts: 0,
  priority: 0,
  options: { model: 'offline', language: 'zh', episodes: 6 },
  novel_content_length: 21385,
  cancel_requested: false,
  urgent: false,
  batch_id: null,
};

const taskIdParam = z.object({
  id: TaskId.meta({ description: 'The task id (`task_` + a ULID)', example: TASK_INFO_EXAMPLE.task_id }),
});

const PartialEpisode = Episode.pick({ number: true, title: true, summary: true, hook: true, scenes: true }).extend({
  complete: z.boolean(),
});
const PartialScript = z
  .object({
    task_id: z.string(),
    status: TaskStatus,
    progress: z.number().int().min(0).max(100),
    episodes: z.array(PartialEpisode),
    complete: z.number().int().nonnegative(),
    result_url: z.string().nullable(),
  })
  .meta({ id: 'PartialScript' });
export type _PartialScriptMatches = Assert<Equal<z.infer<typeof PartialScript>, PartialScriptView>>;

const History = z
  .object({
    events: z.array(TaskEventInfo),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'TaskHistory' });

/** Cookie-authenticated changes from another site are refused (docs/security.md); bearer requests never are. */
const CROSS_SITE = 'A cookie-authenticated change sent from another site or origin';

const taskAction = (summary: string, description: string, conflictText: string) => ({
  summary,
  description,
  tags: ['tasks'],
  security: AUTHENTICATED,
  requestParams: { path: taskIdParam },
  responses: {
    '200': json(TaskInfoDoc, 'The task after the change'),
    ...errors(401, 404),
    '403': { ...errors(403)['403'], description: CROSS_SITE },
    '409': { ...errors(409)['409'], description: conflictText },
    '429': {
      ...errors(429)['429'],
      description:
        'Too many cancels or re-runs this minute (CANCEL_RATE_PER_MINUTE / RETRY_RATE_PER_MINUTE), or a re-run over the active-task limit',
    },
  },
});

const exportTypes = [...new Set(Object.values(EXPORT_TYPES))];

export const taskPaths: Paths = {
  '/api/tasks': {
    post: {
      operationId: 'submitTask',
      summary: 'Submit a novel',
      description:
        'Creates a task and answers at once with 202. A repeated `Idempotency-Key` with the same body answers 200 with the first task; with another body, 409. `options.language` takes any BCP 47 tag of Chinese or English (zh, zh-CN, zh-Hans, zh-TW, en, en-US …) and stores `zh` or `en`.',
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: {
        header: z.object({
          'Idempotency-Key': z
            .string()
            .min(1)
            .max(200)
            .optional()
            .meta({ description: 'Makes the submit safe to repeat (1–200 characters)' }),
        }),
      },
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: CreateTaskBody,
            example: {
              novel_content: '第一章\n阿Q说：“你好。”',
              title: '阿Q正传',
              options: { episodes: 6, language: 'zh-CN' },
            },
          },
        },
      },
      responses: {
        '202': {
          ...json(TaskInfoDoc, 'Accepted: the task, pending', TASK_INFO_EXAMPLE),
          headers: z.object({
            Location: z.string().meta({ description: 'The task URL', example: '/api/tasks/task_…' }),
          }),
        },
        '200': {
          ...json(TaskInfoDoc, 'A replay of an earlier submit with the same Idempotency-Key and body'),
          headers: z.object({ Location: z.string() }),
        },
        ...errors(400, 401, 409, 413, 415, 422, 429),
        '403': { ...errors(403)['403'], description: CROSS_SITE },
      },
    },
    get: {
      operationId: 'listTasks',
      summary: "The caller's tasks, newest first",
      description: 'Without novel texts or results. Admins see every user’s tasks.',
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: {
        query: z.object({
          status: z.enum(TASK_STATUSES).optional(),
          q: z.string().optional().meta({ description: 'Search in titles' }),
          limit: z.number().int().min(1).max(100).optional().meta({ description: 'Page size (default 20)' }),
          cursor: z.string().optional().meta({ description: '`next_cursor` of the previous page' }),
        }),
      },
      responses: { '200': json(TaskList.meta({ id: 'TaskList' }), 'One page of tasks'), ...errors(401, 422) },
    },
  },
  '/api/tasks/{id}': {
    get: {
      operationId: 'getTask',
      summary: 'One task',
      description: '`result` when completed, `error` when failed.',
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: { path: taskIdParam },
      responses: { '200': json(TaskInfoDoc, 'The task'), ...errors(401, 404) },
    },
  },
  '/api/tasks/{id}/events': {
    get: {
      operationId: 'taskEvents',
      summary: 'Live updates (Server-Sent Events)',
      description:
        'A `text/event-stream`. Events: `task` (data: the TaskInfo as JSON; sent at once, then on every change; `id` is its updated_at), `end` (data: `{}` after a terminal state, or `{"reason":"access_revoked"}` when the token or session ends or access is lost, checked at every heartbeat; the server then closes the stream). Comment lines (`: ping`) keep the connection open every SSE_HEARTBEAT_SECONDS.',
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: { path: taskIdParam },
      responses: {
        '200': {
          description: 'The event stream',
          content: {
            'text/event-stream': {
              schema: z.string().meta({ description: 'event: task | end' }),
              example: `event: task\nid: 2026-11-30T09:12:03.412Z\ndata: {"task_id":"task_01KB2F6Q8ZJ3M4N5P6R7S8T9VW","status":"processing","progress":40,…}\n\nevent: end\ndata: {}\n\n`,
            },
          },
        },
        ...errors(401, 404),
        '429': { ...errors(429)['429'], description: 'The user has SSE_MAX_PER_USER streams open (Retry-After)' },
        '503': {
          ...errors(503)['503'],
          description: 'This web process has SSE_MAX_PER_PROCESS streams open (Retry-After)',
        },
      },
    },
  },
  '/api/tasks/{id}/partial': {
    get: {
      operationId: 'taskPartial',
      summary: 'The script written so far',
      description:
        'While the task runs: its finished and streaming episodes. Once completed: empty, with `result_url`.',
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: { path: taskIdParam },
      responses: { '200': json(PartialScript, 'Episodes so far'), ...errors(401, 404) },
    },
  },
  '/api/tasks/{id}/result': {
    get: {
      operationId: 'taskResult',
      summary: 'Download the finished script',
      description: `Formats: ${EXPORT_FORMATS.join(', ')}. \`json\` is the ScriptResult; the others are files (Content-Disposition: attachment).`,
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: {
        path: taskIdParam,
        query: z.object({ format: z.enum(EXPORT_FORMATS).optional().meta({ description: 'Default json' }) }),
      },
      responses: {
        '200': {
          description: 'The script',
          headers: z.object({ 'Content-Disposition': z.string() }),
          content: Object.fromEntries(
            exportTypes.map((type) => [
              type.split(';')[0] ?? type,
              { schema: type.startsWith('application/json') ? ScriptResult.meta({ id: 'ScriptResult' }) : z.string() },
            ]),
          ),
        },
        ...errors(401, 404, 422),
        '409': { ...errors(409)['409'], description: 'The task has not completed' },
      },
    },
  },
  '/api/tasks/{id}/history': {
    get: {
      operationId: 'taskHistory',
      summary: "The task's events",
      description:
        'created, started, stage_started/completed, retried, requeued, failed, cancel_requested, cancelled, completed.',
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: {
        path: taskIdParam,
        query: z.object({
          cursor: z.string().optional().meta({ description: '`next_cursor` of the previous page' }),
          limit: z.string().optional().meta({ description: 'Events per page, 1–1000 (default 1000)' }),
        }),
      },
      responses: { '200': json(History, 'Oldest first, a page at a time'), ...errors(401, 404, 422) },
    },
  },
  '/api/tasks/{id}/cancel': {
    post: {
      operationId: 'cancelTask',
      ...taskAction(
        'Cancel a task',
        'Pending: cancelled at once. Processing: the worker aborts within a second (`cancel_requested` is true until then).',
        'The task has already finished',
      ),
    },
  },
  '/api/tasks/{id}/retry': {
    post: {
      operationId: 'retryTask',
      ...taskAction(
        'Re-run a failed or cancelled task',
        'Same id, `attempts + 1`, history kept; finished stages are resumed from checkpoints.',
        'The task is not failed or cancelled',
      ),
    },
  },
};
