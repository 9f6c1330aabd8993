// Failures of a model call as the user should read them, with whether a retry can help.
// jobs/generator.ts maps them to EngineError, so a task fails with exactly this code and text.
import { APIConnectionError, APIError } from 'openai';
import { log } from '../log';

export type LlmErrorCode =
  | 'model_auth_failed'
  | 'model_payment_required'
  | 'model_not_found'
  | 'model_bad_request'
  | 'model_rate_limited'
  | 'model_unavailable'
  | 'model_unreachable'
  | 'model_timeout'
  | 'model_output_invalid'
  | 'model_output_truncated'
  | 'model_context_exceeded'
  | 'model_config_invalid'
  | 'model_spend_limit';

export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly retryable: boolean,
    /** How long the provider asked us to wait (Retry-After), in ms. */
    readonly retryAfterMs?: number,
    /** What the provider said, for our own decisions and logs; never shown to the user. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

const NO_RETRY = 'Retrying will not help until this is fixed.';

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in ms; undefined when absent. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const detail = (err: APIError): string => {
  const body = err.error as { message?: string } | undefined;
  return (body?.message ?? err.message ?? '').slice(0, 300);
};

/**
 * What the provider said goes to the log, not to the user: it can carry key fragments, internal
 * hostnames or upstream internals. The user's message says what happened and what to do.
 */
function logDetail(model: string, what: string): void {
  log.warn({ model, detail: what }, 'model call failed');
}

/** The endpoint calls go to when OPENAI_BASE_URL is unset (the SDK's default). */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * An SDK or network error → LlmError. `model` names the model in the message; `baseURL` names the
 * endpoint when it cannot be reached at all (connection refused, unknown host): that will not
 * change by retrying, so it fails at once and says which variable to fix.
 */
export function toLlmError(err: unknown, model: string, baseURL?: string): LlmError {
  if (err instanceof LlmError) return err;
  const unreachable = unreachableReason(err);
  if (unreachable) {
    return new LlmError(
      'model_unreachable',
      `Could not connect to the model provider at ${baseURL || DEFAULT_BASE_URL} (${unreachable}). Check OPENAI_BASE_URL. ${NO_RETRY}`,
      false,
    );
  }
  if (err instanceof APIError && err.status !== undefined) {
    const s = err.status;
    const why = detail(err);
    logDetail(model, `HTTP ${s}: ${why}`);
    if (s === 401 || s === 403)
      return new LlmError(
        'model_auth_failed',
        `The model provider refused the credentials (HTTP ${s}). Check OPENAI_API_KEY and OPENAI_BASE_URL. ${NO_RETRY}`,
        false,
      );
    if (s === 402)
      return new LlmError(
        'model_payment_required',
        `The model provider asks for payment (HTTP 402). Top up the account. ${NO_RETRY}`,
        false,
      );
    if (s === 404 || (s === 400 && /model/i.test(why) && /not|exist|unknown|invalid/i.test(why)))
      return new LlmError(
        'model_not_found',
        `The provider does not serve model "${model}" (HTTP ${s}). ${NO_RETRY}`,
        false,
      );
    if (s === 400 && /context|maximum.*tokens|too long/i.test(why))
      return new LlmError(
        'model_context_exceeded',
        `The prompt did not fit the context window of model "${model}" (HTTP 400).`,
        false,
      );
    if (s === 429)
      return new LlmError(
        'model_rate_limited',
        'The provider is rate-limiting requests (HTTP 429).',
        true,
        retryAfterMs(err.headers),
      );
    if (s === 408 || s === 409 || s >= 500)
      return new LlmError(
        'model_unavailable',
        `The model provider failed (HTTP ${s}).`,
        true,
        retryAfterMs(err.headers),
      );
    return new LlmError(
      'model_bad_request',
      `The provider rejected the request (HTTP ${s}). ${NO_RETRY}`,
      false,
      undefined,
      why,
    );
  }
  if (err instanceof APIConnectionError || isNetworkError(err)) {
    const cause = (err as Error).cause as (Error & { code?: string }) | undefined;
    logDetail(model, `connection: ${(cause?.message ?? (err as Error).message).slice(0, 300)}`);
    const code = cause?.code ?? (err as { code?: string }).code;
    return new LlmError(
      'model_unavailable',
      `Could not reach the model provider${code && /^[A-Z_]+$/.test(code) ? ` (${code})` : ''}. Check OPENAI_BASE_URL if this persists.`,
      true,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  logDetail(model, `call failed: ${message.slice(0, 300)}`);
  return new LlmError('model_unavailable', 'The model call failed unexpectedly.', true);
}

/** Codes that mean nothing listens there or the host does not exist, found anywhere in the cause chain. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_NONAME: 'host not found',
};

/** "connection refused" / "host not found" when the error (or a cause, or an AggregateError member) says so. */
export function unreachableReason(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 6) return null;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNREACHABLE[e.code]) return UNREACHABLE[e.code] ?? null;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const r = unreachableReason(inner, depth + 1);
      if (r) return r;
    }
  }
  return unreachableReason(e.cause, depth + 1);
}

function isNetworkError(err: unknown): boolean {
  const code =
    (err as { code?: string; cause?: { code?: string } } | null)?.cause?.code ?? (err as { code?: string })?.code;
  return typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_\w+)$/.test(code);
}
