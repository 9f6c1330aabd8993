// The one error mapper for every route: AppError → its status; an unreachable database → 503
// with Retry-After; anything else → 500, logged with a request id and shown without internals.
import { randomUUID } from 'node:crypto';
import { isDbUnavailable } from '../db/errors';
import { env } from '../env';
import { AppError } from '../errors';
import { withApiHeaders } from './security';

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

const httpsConfigured = env.NEXTAUTH_URL?.startsWith('https:') ?? false;

/** Served over https (directly, or NEXTAUTH_URL says so behind a TLS proxy): HSTS is sent. */
export const isHttps = (request: unknown): boolean =>
  httpsConfigured || (request instanceof Request && request.url.startsWith('https:'));

/** Wraps a route handler: every thrown error goes through the mapper; every answer gets the security headers. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    let res: Response;
    try {
      res = await fn(...args);
    } catch (err) {
      res = toErrorResponse(err);
    }
    return withApiHeaders(res, isHttps(args[0]));
  };
}
