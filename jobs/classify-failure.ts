// What went wrong in a run, as the user should read it, and whether trying again can help.
import { isDbUnavailable } from '../lib/db/errors';
import { EngineError } from '../lib/pipeline/engine-error';
import type { TaskError } from '../lib/tasks/schema';

export function classifyFailure(err: unknown): TaskError {
  if (err instanceof EngineError) return { code: err.code, message: err.message, retryable: err.retryable };
  if (isDbUnavailable(err)) {
    return { code: 'database_unavailable', message: 'The database was unreachable during the run.', retryable: true };
  }
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'ZodError') {
    return { code: 'invalid_result', message: 'The engine produced a script that failed validation.', retryable: true };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'engine_error', message: message.slice(0, 500), retryable: true };
}
