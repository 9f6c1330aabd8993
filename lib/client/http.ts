// The HTTP layer: URL building, auth headers, retries with exponential backoff + full jitter
// (honouring Retry-After; the policy is lib/retry/backoff.ts), error mapping and response validation.
// Isomorphic: fetch, timers only.
import type { ZodType } from 'zod';
import { abortReason, backoffDelay as backoff, sleep } from '../retry/backoff';
import { ApiErrorBody } from '../tasks/schema';
import {
  ApiError,
  ConflictError,
  ForbiddenError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  ShortplayError,
  UnauthorizedError,
  ValidationError,
} from './errors';

export { sleep };

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** Backoff cap of the first retry; doubles each retry (default 250 ms). */
  baseDelayMs?: number;
  /** Upper bound of a backoff delay (default 5000 ms). Retry-After from the server wins. */
  maxDelayMs?: number;
}

export interface HttpConfig {
  baseUrl: string;
  token?: string;
  fetch: typeof fetch;
  retry: Required<RetryOptions>;
}

/**
 * Which failures are retried: `all` = network errors and 408/429/502/503/504 (safe for reads and
 * idempotent writes); `refused` = only 429/503, where the server certainly did nothing; `none`.
 */
export type RetryPolicy = 'all' | 'refused' | 'none';

export interface RequestOptions<T> {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: ZodType<T>;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 4, baseDelayMs: 250, maxDelayMs: 5000 };

const RETRYABLE_STATUSES: Record<RetryPolicy, readonly number[]> = {
  all: [408, 429, 502, 503, 504],
  refused: [429, 503],
  none: [],
};

/** Full jitter: a uniform delay in [0, min(max, base * 2^attempt)). */
export function backoffDelay(attempt: number, retry: Required<RetryOptions>): number {
  return backoff(attempt, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs, jitter: 'full' });
}

/** Retry-After as delta-seconds or an HTTP date, in ms; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The first few problems zod found, for an error message. */
export function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function buildUrl(baseUrl: string, path: string, query?: RequestOptions<unknown>['query']): string {
  let url = baseUrl.replace(/\/+$/, '') + path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  if (qs) url += `?${qs}`;
  // A relative URL only means something in a browser; in Node fetch would throw a TypeError that
  // looks like a network error and would be retried. Fail fast with a clear message instead.
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    new URL(url, base);
  } catch (cause) {
    throw new ShortplayError(`Invalid URL "${url}": set baseUrl (e.g. http://localhost:3000) outside a browser`, {
      code: 'invalid_url',
      cause,
    });
  }
  return url;
}

export function buildHeaders(cfg: HttpConfig, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  if (cfg.token) headers.Authorization = `Bearer ${cfg.token}`;
  return headers;
}

/** Releases a response we will not read, so the connection can be reused. */
export async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // already closed or errored: nothing to release
  }
}

/** Reads an error response into a typed error; tolerates non-JSON bodies (proxies' HTML pages). */
export async function errorFromResponse(res: Response): Promise<ShortplayError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // body unreadable: map by status alone
  }
  let code: string | undefined;
  let message: string | undefined;
  try {
    const parsed = ApiErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) ({ code, message } = parsed.data.error);
  } catch {
    // not JSON
  }
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  return errorForStatus({ status: res.status, statusText: res.statusText, code, message, retryAfterMs });
}

function parseSuccess<T>(res: Response, text: string, schema: ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const type = res.headers.get('content-type') ?? 'no content-type';
    throw new InvalidResponseError(`Expected JSON from ${res.url || 'the server'} (HTTP ${res.status}, ${type})`, {
      code: 'invalid_response',
      status: res.status,
      cause,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidResponseError(`Malformed response from the server: ${describeIssues(parsed.error)}`, {
      code: 'invalid_response',
      status: res.status,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** One API call with retries. Throws typed errors; an aborted signal rejects with its reason. */
export async function request<T>(cfg: HttpConfig, opts: RequestOptions<T>): Promise<T> {
  const policy = opts.retry ?? 'all';
  const { signal } = opts;
  const url = buildUrl(cfg.baseUrl, opts.path, opts.query);
  const hasBody = opts.body !== undefined;
  const init: RequestInit = {
    method: opts.method,
    headers: buildHeaders(cfg, hasBody ? { 'Content-Type': 'application/json', ...opts.headers } : opts.headers),
    body: hasBody ? JSON.stringify(opts.body) : undefined,
    credentials: 'same-origin',
    signal,
  };
  const { retries } = cfg.retry;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    let res: Response;
    let text: string;
    try {
      res = await cfg.fetch(url, init);
      // A body cut off mid-way is a network failure too, so read it inside the try.
      text = res.ok ? await res.text() : '';
    } catch (cause) {
      if (signal?.aborted) throw abortReason(signal);
      if (cause instanceof ShortplayError) throw cause;
      if (policy === 'all' && attempt < retries) {
        await sleep(backoffDelay(attempt, cfg.retry), signal);
        continue;
      }
      const detail = cause instanceof Error ? describeNetworkError(cause) : String(cause);
      throw new NetworkError(`${opts.method} ${url} failed after ${attempt + 1} attempt(s): ${detail}`, {
        code: 'network_error',
        cause,
      });
    }
    if (res.ok) return parseSuccess(res, text, opts.schema);
    if (RETRYABLE_STATUSES[policy].includes(res.status) && attempt < retries) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      await discard(res);
      await sleep(retryAfterMs ?? backoffDelay(attempt, cfg.retry), signal);
      continue;
    }
    throw await errorFromResponse(res);
  }
}

/** fetch's TypeError says "fetch failed"; the useful part (ECONNREFUSED…) is in its cause. */
function describeNetworkError(err: Error): string {
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  const inner = cause && typeof cause === 'object' ? (cause.code ?? cause.message) : undefined;
  return inner ? `${err.message} (${String(inner)})` : err.message;
}

export interface HttpErrorDetails {
  status: number;
  statusText?: string;
  code?: string;
  message?: string;
  retryAfterMs?: number;
}

/** Maps an HTTP error status (and the server's {error:{code,message}} when present) to a typed error. */
export function errorForStatus(d: HttpErrorDetails): ShortplayError {
  const { status } = d;
  const message = d.message || `HTTP ${status}${d.statusText ? ` ${d.statusText}` : ''}`;
  const init = (fallback: string) => ({ code: d.code ?? fallback, status });
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return new ValidationError(message, init('validation_error'));
    case 401:
      return new UnauthorizedError(message, init('unauthorized'));
    case 403:
      return new ForbiddenError(message, init('forbidden'));
    case 404:
      return new NotFoundError(message, init('not_found'));
    case 409:
      return new ConflictError(message, init('conflict'));
    case 429:
      return new RateLimitedError(message, { ...init('rate_limited'), ...retryAfter(d) });
    case 502:
    case 503:
    case 504:
      return new ServiceUnavailableError(message, { ...init('service_unavailable'), ...retryAfter(d) });
    default:
      return new ApiError(message, init(status >= 500 ? 'server_error' : 'http_error'));
  }
}

const retryAfter = (d: HttpErrorDetails) => (d.retryAfterMs === undefined ? {} : { retryAfterMs: d.retryAfterMs });

/** Checks a request body against its wire schema before anything is sent; ValidationError names the field. */
export function checkRequest(
  schema: {
    safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  body: unknown,
  what: string,
): void {
  const checked = schema.safeParse(body);
  if (checked.success) return;
  const issue = checked.error?.issues[0];
  const where = issue?.path.map(String).join('.') || 'request';
  throw new ValidationError(`Invalid ${what} request: ${where}: ${issue?.message}`, { code: 'invalid_request' });
}
