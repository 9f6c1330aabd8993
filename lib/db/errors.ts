// Recognises "the database cannot be reached right now" in errors from Prisma, the pg driver and
// pg-boss, so routes can answer 503 with Retry-After instead of 500, and workers can wait it out.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// Postgres SQLSTATEs: 08xxx connection exceptions, 57P01-03 shutdown / cannot connect now, 53300 too many connections.
const PG_UNAVAILABLE = /^(08|57P0[123]|53300)/;
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const MESSAGE_HINTS = [
  'connection terminated',
  'connection refused',
  'terminating connection',
  'server closed the connection',
  'timeout exceeded when trying to connect',
  'the database system is shutting down',
  'the database system is starting up',
  "can't reach database server",
  'connection is closed',
  'client has encountered a connection error',
];

export function isDbUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 6) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
  for (const code of [e.code, e.originalCode]) {
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code) || PRISMA_UNAVAILABLE.has(code))
    ) {
      return true;
    }
  }
  if (e.kind === 'DatabaseNotReachable' || e.kind === 'ConnectionClosed' || e.kind === 'SocketTimeout') return true;
  if (typeof e.message === 'string') {
    const msg = e.message.toLowerCase();
    if (MESSAGE_HINTS.some((h) => msg.includes(h))) return true;
  }
  if (err instanceof AggregateError && err.errors.some((x) => isDbUnavailable(x, depth + 1))) return true;
  return isDbUnavailable(e.cause, depth + 1);
}

/** A unique constraint refused the write (Prisma model query P2002, or raw query SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; meta?: { code?: unknown }; message?: unknown };
  if (e.code === 'P2002' || e.meta?.code === '23505') return true;
  return e.code === 'P2010' && typeof e.message === 'string' && e.message.includes('23505');
}
