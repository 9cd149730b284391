// Telling a database that is away — restarting, unreachable, out of connections — from a statement that failed. The
// first is weather: the api answers 503 DATABASE_UNAVAILABLE (the client tries again), the worker's activity is
// retried by Temporal. The second is a conflict or a bug and keeps its own answer.

/** PostgreSQL SQLSTATEs of a server going away or refusing connections (class 08, 57P01–57P03, 53300). */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server that is not there, and SQLite's lock timeout. */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'SQLITE_BUSY']);
/** What the pg driver and knex's pool say when a connection broke or none could be had (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /Knex: Timeout acquiring a connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** True when `err` (or what it wraps: objection's nativeError, a cause) says the database cannot be reached now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = err; current && typeof current === 'object' && !seen.has(current);) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; nativeError?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return true;
    current = e.nativeError ?? e.cause;
  }
  return false;
}
