// The one error mapper for every route: AppError → its status; an unreachable database → 503
// with Retry-After; anything else → 500, logged with a request id and shown without internals.
import { randomUUID } from 'node:crypto';
import { isDbUnavailable } from '../db/errors';
import { AppError } from '../errors';

export function errorJson(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers });
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.extra.retryAfter !== undefined) headers['Retry-After'] = String(err.extra.retryAfter);
    return errorJson(err.status, err.code, err.message, err.extra.field ? { field: err.extra.field } : {}, headers);
  }
  if (isDbUnavailable(err)) {
    return errorJson(
      503,
      'database_unavailable',
      'The database is unreachable right now; nothing was changed. Try again shortly.',
      {},
      { 'Retry-After': '5' },
    );
  }
  const requestId = randomUUID();
  console.warn(`[api] unexpected error (request ${requestId}):`, err);
  return errorJson(500, 'internal_error', `Something went wrong on our side (request ${requestId}).`, {
    request_id: requestId,
  });
}

/** Wraps a route handler so every thrown error goes through the mapper. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
