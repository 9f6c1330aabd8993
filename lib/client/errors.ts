// Typed errors of the Shortplay client. Every error the client raises on its own account is a
// ShortplayError with a machine-readable `code` (the server's code when it sent one) and, for HTTP
// failures, the `status`. Names are set explicitly so they survive minification.
import type { TaskError, TaskInfo } from '../tasks/schema';

export interface ShortplayErrorInit {
  code: string;
  status?: number;
  cause?: unknown;
}

export class ShortplayError extends Error {
  override name = 'ShortplayError';
  readonly code: string;
  readonly status?: number;

  constructor(message: string, init: ShortplayErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    if (init.status !== undefined) this.status = init.status;
  }
}

/** An HTTP error status without a more specific class (e.g. 403, 500). */
export class ApiError extends ShortplayError {
  override name = 'ApiError';
}

/** 404: the task (or route) does not exist, or is not visible to this user. */
export class NotFoundError extends ShortplayError {
  override name = 'NotFoundError';
}

/** 401: missing or invalid token / session. */
export class UnauthorizedError extends ShortplayError {
  override name = 'UnauthorizedError';
}

/** 403: authenticated but not allowed. */
export class ForbiddenError extends ShortplayError {
  override name = 'ForbiddenError';
}

/** 400/413/415/422 (or a request the client refuses to send); `code` is the server's code. */
export class ValidationError extends ShortplayError {
  override name = 'ValidationError';
}

/** 409: the task is not in a state that allows the operation (e.g. retrying a running task). */
export class ConflictError extends ShortplayError {
  override name = 'ConflictError';
}

/** A refusal that may say when to come back. */
abstract class RetryLaterError extends ShortplayError {
  /** From the last response's Retry-After header, when it had one. */
  readonly retryAfterMs?: number;

  constructor(message: string, init: ShortplayErrorInit & { retryAfterMs?: number }) {
    super(message, init);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** 429 after the retries ran out. */
export class RateLimitedError extends RetryLaterError {
  override name = 'RateLimitedError';
}

/** 502/503/504 after the retries ran out. */
export class ServiceUnavailableError extends RetryLaterError {
  override name = 'ServiceUnavailableError';
}

/** The server could not be reached (connection refused/reset, DNS, …) after the retries ran out. */
export class NetworkError extends ShortplayError {
  override name = 'NetworkError';
}

/** A 2xx response (or an event-stream message) that is not the JSON shape the contract promises. */
export class InvalidResponseError extends ShortplayError {
  override name = 'InvalidResponseError';
}

/** waitForTaskCompletion gave up after `timeoutMs`. The task itself keeps running on the server. */
export class TimeoutError extends ShortplayError {
  override name = 'TimeoutError';
}

/** The task ended in `failed`; `error` is the task's error ({code, message, retryable}). */
export class TaskFailedError extends ShortplayError {
  override name = 'TaskFailedError';
  readonly task: TaskInfo;
  readonly error: TaskError;

  constructor(task: TaskInfo) {
    const error = task.error ?? { code: 'task_failed', message: task.message || 'Task failed', retryable: false };
    super(`Task ${task.task_id} failed: ${error.message}`, { code: error.code });
    this.task = task;
    this.error = error;
  }
}

/** The task ended in `cancelled`. */
export class TaskCancelledError extends ShortplayError {
  override name = 'TaskCancelledError';
  readonly task: TaskInfo;

  constructor(task: TaskInfo) {
    super(`Task ${task.task_id} was cancelled`, { code: 'task_cancelled' });
    this.task = task;
  }
}
