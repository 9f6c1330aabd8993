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

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };

/** Whether `test` holds for the error or one it wraps (its `cause` chain, an AggregateError's errors). */
function inChain(err: unknown, test: (e: ErrorLike) => boolean, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 6) return false;
  if (test(err as ErrorLike)) return true;
  if (err instanceof AggregateError && err.errors.some((x) => inChain(x, test, depth + 1))) return true;
  return inChain((err as ErrorLike).cause, test, depth + 1);
}

const codesOf = (e: ErrorLike) => [e.code, e.originalCode].filter((c): c is string => typeof c === 'string');

export function isDbUnavailable(err: unknown): boolean {
  return inChain(err, (e) => {
    if (codesOf(e).some((c) => NETWORK_CODES.has(c) || PG_UNAVAILABLE.test(c) || PRISMA_UNAVAILABLE.has(c))) {
      return true;
    }
    if (e.kind === 'DatabaseNotReachable' || e.kind === 'ConnectionClosed' || e.kind === 'SocketTimeout') return true;
    const msg = typeof e.message === 'string' ? e.message.toLowerCase() : '';
    return MESSAGE_HINTS.some((h) => msg.includes(h));
  });
}

// 40001 serialization failure, 40P01 deadlock detected: Postgres rolled the transaction back.
const PG_CONFLICT = new Set(['40001', '40P01']);

/**
 * The database aborted the transaction to resolve a conflict with another one (a deadlock or a
 * serialization failure): nothing it did was kept, and the same request can simply be sent again.
 * Prisma reports it as P2034 (or P2010 from a raw query, with the SQLSTATE in its message), pg by
 * SQLSTATE.
 */
export function isDbConflict(err: unknown): boolean {
  return inChain(
    err,
    (e) =>
      e.code === 'P2034' ||
      e.kind === 'TransactionWriteConflict' ||
      codesOf(e).some((c) => PG_CONFLICT.has(c)) ||
      (e.code === 'P2010' && typeof e.message === 'string' && /\b(40001|40P01)\b/.test(e.message)),
  );
}

/** A unique constraint refused the write (Prisma model query P2002, or raw query SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; meta?: { code?: unknown }; message?: unknown };
  if (e.code === 'P2002' || e.meta?.code === '23505') return true;
  return e.code === 'P2010' && typeof e.message === 'string' && e.message.includes('23505');
}
