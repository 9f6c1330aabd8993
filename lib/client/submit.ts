// One submit, for a task or a batch: the shared fields (title, priority, task options) go into the
// body, the body is checked against the route's own schema before it is sent, and it carries an
// Idempotency-Key, so retrying the POST can never create the work twice.
import type { ZodType } from 'zod';
import type { TaskOptionsInput } from '../tasks/schema';
import { checkRequest, type HttpConfig, request } from './http';

export type SubmitFields = TaskOptionsInput & {
  title?: string;
  priority?: number;
  /** Makes the submit safe to repeat; one is generated when absent, so retries never duplicate. */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

interface BodySchema {
  safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

export function postSubmit<T>(
  cfg: HttpConfig,
  newKey: () => string,
  route: { path: string; what: string; bodySchema: BodySchema; schema: ZodType<T> },
  body: Record<string, unknown>,
  submit: SubmitFields,
): Promise<T> {
  const { title, priority, idempotencyKey, signal, ...options } = submit;
  const sent: Record<string, unknown> = { ...body };
  if (title !== undefined) sent.title = title;
  if (priority !== undefined) sent.priority = priority;
  if (Object.keys(options).length > 0) sent.options = options;
  checkRequest(route.bodySchema, sent, route.what);
  return request(cfg, {
    method: 'POST',
    path: route.path,
    body: sent,
    headers: { 'Idempotency-Key': idempotencyKey ?? newKey() },
    schema: route.schema,
    signal,
    retry: 'all', // safe: the server replays the first result for a repeated key
  });
}
