// Expected failures carry a stable code and an HTTP status; the one error mapper
// (lib/http/map-error.ts) turns them into {"error":{"code","message"}} responses.
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { field?: string; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, field?: string) =>
  new AppError(400, code, message, field ? { field } : {});
export const unprocessable = (code: string, message: string, field?: string) =>
  new AppError(422, code, message, field ? { field } : {});
export const unauthorized = (message = 'Sign in, or send Authorization: Bearer <token>.') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Task') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const tooLarge = (message: string, field?: string) =>
  new AppError(413, 'payload_too_large', message, field ? { field } : {});
export const tooManyRequests = (code: string, message: string, retryAfter?: number) =>
  new AppError(429, code, message, retryAfter === undefined ? {} : { retryAfter });
