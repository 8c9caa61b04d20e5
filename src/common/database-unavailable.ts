/* In common/ because the error handler (common/) classifies errors with it and common/ imports no other folder. */

/** Connection failures by Node's error code. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** SQLSTATEs of a server that is going away or full: shutting down (57P01-3), too many connections, connection class 08, statement timeout. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
/**
 * pg and pg-pool's own messages for a connection that died or never came. A query the database leaves unanswered
 * ends as "Connection terminated": the query watchdog (db/query-watchdog.ts) closes its connection.
 */
const MESSAGES = [
  /timeout exceeded when trying to connect/,
  /Connection terminated/,
  /not queryable/,
  /Connection ended/,
];

/**
 * Whether an error means "the database cannot be used now" (down, restarting, frozen, overloaded) rather than
 * a fault of the request or of our code: those are answered 503 with Retry-After and fix themselves once the
 * database is back (the pool makes new connections), with no restart.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: string; message?: string; driverError?: unknown; errors?: unknown[] } | undefined,
      depth = 0;
    e && depth < 3;
    depth++
  ) {
    if (e.code && (NETWORK_CODES.has(e.code) || SERVER_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    if (e.message && MESSAGES.some((pattern) => pattern.test(e!.message!))) return true;
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true; // AggregateError of IPv4 and IPv6
    e = e.driverError as typeof e; // TypeORM's QueryFailedError wraps pg's error
  }
  return false;
}
