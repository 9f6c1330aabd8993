// The one error mapper for every route: AppError → its status; an unreachable database, or a
// transaction it aborted to resolve a conflict, → 503 with Retry-After; anything else → 500,
// logged with a request id and shown without internals.
// handle() also gives every request an id (x-request-id, echoed back), one log line, and a
// Prometheus observation by route pattern.
import { randomUUID } from 'node:crypto';
import { isDbConflict, isDbUnavailable } from '../db/errors';
import { env } from '../env';
import { AppError } from '../errors';
import { log, withLogContext } from '../log';
import { metrics } from '../metrics/registry';
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

export function toErrorResponse(err: unknown, requestId: string = randomUUID()): Response {
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
  if (isDbConflict(err)) {
    log.warn({ err, request_id: requestId }, 'transaction aborted by a conflict');
    return errorJson(
      503,
      'database_busy',
      'The database set this request aside to resolve a conflict with another one; nothing was changed. Try again.',
      {},
      { 'Retry-After': '1' },
    );
  }
  log.error({ err, request_id: requestId }, 'unexpected error');
  return errorJson(500, 'internal_error', `Something went wrong on our side (request ${requestId}).`, {
    request_id: requestId,
  });
}

const httpsConfigured = env.NEXTAUTH_URL?.startsWith('https:') ?? false;

/** Served over https (directly, or NEXTAUTH_URL says so behind a TLS proxy): HSTS is sent. */
export const isHttps = (request: unknown): boolean =>
  httpsConfigured ||
  (typeof (request as { url?: unknown } | null)?.url === 'string' &&
    (request as { url: string }).url.startsWith('https:'));

const REQUEST_ID = /^[\w.:-]{8,100}$/;

/** The request's id: the one the client sent as x-request-id when well-formed, else a fresh one. */
export const requestIdOf = (incoming: string | null | undefined): string =>
  incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();

/** The one log line and metric of an answered request (`started`: performance.now() at its start). */
export function recordRequest(route: string, method: string, status: number, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  metrics.httpDuration.observe({ route, method, status: String(status) }, seconds);
  log.info({ route, method, status, ms: Math.round(seconds * 1000) }, 'request');
}

/** /api/tasks/task_01…/events → /api/tasks/[id]/events: a bounded set of label values. */
export function routeLabel(pathname: string): string {
  return pathname
    .split('/')
    .map((seg) => (/^(task_[0-9A-Z]{26}|[0-9a-f-]{36}|\d+)$/i.test(seg) ? '[id]' : seg))
    .join('/');
}

/** Wraps a route handler: errors go through the mapper; every request gets an id, a log line and a metric. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const request = args[0] instanceof Request ? args[0] : null;
    const requestId = requestIdOf(request?.headers.get('x-request-id'));
    const route = request ? routeLabel(new URL(request.url).pathname) : 'unknown';
    const method = request?.method ?? 'GET';
    const started = performance.now();
    return withLogContext({ request_id: requestId }, async () => {
      let res: Response;
      try {
        res = await fn(...args);
      } catch (err) {
        res = toErrorResponse(err, requestId);
      }
      recordRequest(route, method, res.status, started);
      return withHeader(withApiHeaders(res, isHttps(args[0])), 'x-request-id', requestId);
    });
  };
}

function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    // Immutable headers (a redirect or a fetched response): copy them into a new Response.
    const copy = new Response(res.body, res);
    copy.headers.set(name, value);
    return copy;
  }
}
