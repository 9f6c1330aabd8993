// The batch routes and the admin's urgent mark in the OpenAPI document (decision 0110's recipe).
import { z } from 'zod';
import { AUTHENTICATED, errors, json, type Paths } from '../openapi/common';
import { EXPORT_FORMATS } from '../pipeline/export';
import { BatchCreated, BatchInfo, BatchList, CreateBatchBody } from './batch-schema';
import { TaskId, TaskInfo } from './schema';

const BatchInfoDoc = BatchInfo.meta({
  id: 'BatchInfo',
  description: 'A batch: counts by status, overall progress, tasks',
});
const batchIdParam = z.object({
  id: z.string().meta({ description: 'The batch id (`batch_` + a ULID)', example: 'batch_01KB2F6Q8ZJ3M4N5P6R7S8T9VW' }),
});

const batchAction = (operationId: string, summary: string, description: string) => ({
  post: {
    operationId,
    summary,
    description,
    tags: ['batches'],
    security: AUTHENTICATED,
    requestParams: { path: batchIdParam },
    responses: { '200': json(BatchInfoDoc, 'The batch afterwards'), ...errors(401, 404) },
  },
});

export const batchPaths: Paths = {
  '/api/tasks/{id}/priority': {
    post: {
      operationId: 'setTaskUrgent',
      summary: 'Mark a waiting task urgent (admins)',
      description:
        "An urgent task starts before everyone's normal tasks; the task's history records who marked it (`marked_urgent` / `unmarked_urgent`).",
      tags: ['tasks'],
      security: AUTHENTICATED,
      requestParams: { path: z.object({ id: TaskId }) },
      requestBody: { content: { 'application/json': { schema: z.object({ urgent: z.boolean() }).strict() } } },
      responses: {
        '200': json(TaskInfo, 'The task'),
        ...errors(400, 401, 403, 404, 415, 422),
        '409': { ...errors(409)['409'], description: 'The task is no longer waiting' },
      },
    },
  },
  '/api/batches': {
    post: {
      operationId: 'submitBatch',
      summary: 'Submit up to 100 novels as one batch',
      description:
        'JSON, or multipart/form-data with `files` (.txt in UTF-8, UTF-16, GB18030 or Big5; titles from the file names), optional `titles` (one per file), `options` (JSON), `priority` and `title`. Everything is written in one transaction; the batch counts whole against the active-task and rate limits (429, nothing written). `Idempotency-Key` as for tasks.',
      tags: ['batches'],
      security: AUTHENTICATED,
      requestBody: {
        content: {
          'application/json': { schema: CreateBatchBody },
          'multipart/form-data': { schema: z.object({ files: z.array(z.string()), options: z.string().optional() }) },
        },
      },
      responses: {
        '202': json(BatchCreated.meta({ id: 'BatchCreated' }), 'The batch was created'),
        '200': json(BatchCreated, 'A replay of the same Idempotency-Key and body'),
        ...errors(400, 401, 409, 413, 415, 422, 429),
      },
    },
    get: {
      operationId: 'listBatches',
      summary: "The caller's batches, newest first",
      tags: ['batches'],
      security: AUTHENTICATED,
      requestParams: {
        query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }),
      },
      responses: { '200': json(BatchList.meta({ id: 'BatchList' }), 'A page of batches'), ...errors(401, 422) },
    },
  },
  '/api/batches/{id}': {
    get: {
      operationId: 'getBatch',
      summary: 'A batch with its tasks',
      tags: ['batches'],
      security: AUTHENTICATED,
      requestParams: { path: batchIdParam },
      responses: { '200': json(BatchInfoDoc, 'The batch'), ...errors(401, 404) },
    },
  },
  '/api/batches/{id}/events': {
    get: {
      operationId: 'batchEvents',
      summary: 'Live updates of a batch (Server-Sent Events)',
      description:
        'A `text/event-stream`. Events: `batch` (data: the BatchInfo with its tasks; at once, then on every change of one of its tasks), `end` (data: `{}`, once no task waits or runs). `: ping` comments keep it open.',
      tags: ['batches'],
      security: AUTHENTICATED,
      requestParams: { path: batchIdParam },
      responses: {
        '200': {
          description: 'The event stream',
          content: { 'text/event-stream': { schema: z.string().meta({ description: 'event: batch | end' }) } },
        },
        ...errors(401, 404),
      },
    },
  },
  '/api/batches/{id}/cancel': batchAction('cancelBatch', 'Cancel a batch', 'Cancels every waiting or running task.'),
  '/api/batches/{id}/retry': batchAction(
    'retryBatch',
    'Re-run the failed and cancelled tasks of a batch',
    'Completed, waiting and running tasks are left alone.',
  ),
  '/api/batches/{id}/result': {
    get: {
      operationId: 'batchResult',
      summary: 'The finished scripts as a zip',
      description: `One file per completed task in the chosen format (${EXPORT_FORMATS.join(', ')}; default txt), numbered in submission order, and manifest.json listing every task (why one has no file).`,
      tags: ['batches'],
      security: AUTHENTICATED,
      requestParams: {
        path: batchIdParam,
        query: z.object({ format: z.enum(EXPORT_FORMATS).optional() }),
      },
      responses: {
        '200': {
          description: 'The zip',
          headers: z.object({ 'Content-Disposition': z.string() }),
          content: { 'application/zip': { schema: z.string() } },
        },
        ...errors(401, 404, 422),
        '409': { ...errors(409)['409'], description: 'No task of the batch has completed' },
      },
    },
  },
};
