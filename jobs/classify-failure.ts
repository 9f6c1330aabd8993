// What went wrong in a run, as the user should read it, and whether trying again can help.
import { randomUUID } from 'node:crypto';
import { isDbConflict, isDbUnavailable } from '../lib/db/errors';
import { errorText, log } from '../lib/log';
import { EngineError } from '../lib/pipeline/engine-error';
import type { TaskError } from '../lib/tasks/schema';

export function classifyFailure(err: unknown): TaskError {
  if (err instanceof EngineError) return { code: err.code, message: err.message, retryable: err.retryable };
  if (isDbUnavailable(err)) {
    return { code: 'database_unavailable', message: 'The database was unreachable during the run.', retryable: true };
  }
  if (isDbConflict(err)) {
    return {
      code: 'database_busy',
      message:
        'The database set one of the run’s writes aside to resolve a conflict with another; the run is tried again.',
      retryable: true,
    };
  }
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'ZodError') {
    return { code: 'invalid_result', message: 'The engine produced a script that failed validation.', retryable: true };
  }
  // Anything else may be database text, a path or a stack: the detail goes to the log under a
  // reference the user can quote, and the task says only that.
  const reference = randomUUID().slice(0, 8);
  log.warn({ reference, error: errorText(err) }, 'unexpected failure');
  return {
    code: 'engine_error',
    message: `The run failed unexpectedly (reference ${reference}); re-run the task, and report the reference if it happens again.`,
    retryable: true,
  };
}
