// A failure an engine understands (the model refused the key, a model this server does not have):
// the worker records its code and message as the task's error, and retries only when `retryable`.
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
