// The one structured logger (pino): JSON lines, pretty only in development, level from LOG_LEVEL
// (unset → info, or silent under NODE_ENV=test so test output stays readable and console.error
// guards stay meaningful). Context rides on AsyncLocalStorage: every line written inside a
// request carries its request_id, and every line written during task work carries task_id,
// run_id, worker_id and the current stage, however deep in lib/ it is written. Secrets and novel
// text are redacted by key wherever they appear in a logged object.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { env } from '../env';

export interface LogContext {
  request_id?: string;
  task_id?: string;
  run_id?: string;
  worker_id?: string;
  stage?: string | null;
}

const context = new AsyncLocalStorage<LogContext>();

/** Keys whose values never reach a log line: credentials, and the user's text. */
const SECRET_KEYS = [
  'password',
  'passwordHash',
  'token',
  'authorization',
  'cookie',
  'apiKey',
  'api_key',
  'secret',
  'novel_content',
  'content',
  'text',
  'messages',
  'prompt',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export const logLevel = (): string => env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');

function create(): Logger {
  const options: pino.LoggerOptions = {
    level: logLevel(),
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => ({ ...context.getStore() }),
    serializers: { err: pino.stdSerializers.err },
  };
  if (env.NODE_ENV === 'development') return pino(options, pretty({ colorize: true, sync: true }));
  return pino(options);
}

const g = globalThis as unknown as { shortplayLogger?: Logger };
g.shortplayLogger ??= create();
export const log: Logger = g.shortplayLogger;

/** Runs `fn` with these fields on every line it (and everything it awaits) logs. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** Updates a field of the current context in place (the stage of a running task). */
export function setLogContext(fields: Partial<LogContext>): void {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

/** An error's message only (its first line, shortened): enough to act on, without payloads. */
export const errorText = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 300) ?? '';
