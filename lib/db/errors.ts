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

// 40001 serialization failure, 40P01 deadlock detected: Postgres rolled the transaction back.
const PG_CONFLICT = new Set(['40001', '40P01']);

/**
 * The database aborted the transaction to resolve a conflict with another one (a deadlock or a
 * serialization failure): nothing it did was kept, and the same request can simply be sent again.
 * Prisma reports it as P2034 (or P2010 from a raw query, with the SQLSTATE in its message), pg by
 * SQLSTATE.
 */
export function isDbConflict(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 6) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown };
  if (e.code === 'P2034' || e.kind === 'TransactionWriteConflict') return true;
  for (const code of [e.code, e.originalCode]) if (typeof code === 'string' && PG_CONFLICT.has(code)) return true;
  if (e.code === 'P2010' && typeof e.message === 'string' && /\b(40001|40P01)\b/.test(e.message)) return true;
  return isDbConflict(e.cause, depth + 1);
}

/** A unique constraint refused the write (Prisma model query P2002, or raw query SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; meta?: { code?: unknown }; message?: unknown };
  if (e.code === 'P2002' || e.meta?.code === '23505') return true;
  return e.code === 'P2010' && typeof e.message === 'string' && e.message.includes('23505');
}
