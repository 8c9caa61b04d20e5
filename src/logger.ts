import type { Writable } from 'node:stream';
import type { Request } from 'express';
import pino, { Logger } from 'pino';

/**
 * Query parameters whose values never hold personal data, logged as sent. Any other value (`q`, which may be a
 * national identity number or a name, and whatever a caller adds) is logged as `[redacted]`.
 */
const LOGGED_QUERY_VALUES = new Set([
  'limit',
  'cursor',
  'status',
  'kind',
  'format',
  'bom',
  'orderedFrom',
  'orderedTo',
  'withinDays',
  'cardProductId',
  'month',
]);

// Eleven digits in a row: the shape of a national identity number, wherever a caller put one in a path.
const ELEVEN_DIGITS = /\d{11}/g;

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, unknown>;
  raw: Request;
}

/**
 * The request in the access log: the path without its query (eleven-digit runs masked), and the query's names
 * with only safe values. The URL as sent is never logged: `GET /v1/end-users?q=<national id>` wrote the number
 * twice (URL and query). Serialized when the request starts, before routing; the route comes with the answer.
 */
export function accessLogRequest(req: SerializedRequest) {
  const raw = req.raw;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries((raw.query ?? {}) as Record<string, unknown>)) {
    query[name.replace(ELEVEN_DIGITS, '[redacted]')] = LOGGED_QUERY_VALUES.has(name) ? String(value) : '[redacted]';
  }
  const path = (raw.originalUrl ?? req.url).split('?')[0].replace(ELEVEN_DIGITS, '[redacted]');
  return {
    id: req.id,
    method: req.method,
    path,
    ...(Object.keys(query).length ? { query } : {}),
    remoteAddress: req.remoteAddress,
    userAgent: req.headers['user-agent'],
  };
}

/** The matched route's template (`/v1/end-users/:endUserId`) on the access log's answer line; nothing before routing. */
export function accessLogRoute(req: Request): { route: string } | undefined {
  // Express types req.route as any: the route's path is a string, or a RegExp for a route declared so.
  const route = (req.route as { path?: string | RegExp } | undefined)?.path;
  return route === undefined ? undefined : { route: `${req.baseUrl ?? ''}${String(route)}` };
}

/** The database's error without the values bound to its query (a national id searched for, an e-mail address). */
export function errorWithoutParameters(error: Error) {
  const serialized = pino.stdSerializers.err(error) as ReturnType<typeof pino.stdSerializers.err> & {
    parameters?: unknown;
  };
  if (serialized && 'parameters' in serialized) delete serialized.parameters;
  return serialized;
}

/** JSON logs on stdout (or `destination`); every line of a request carries its request id (pino-http's `req.id`). */
export function createLogger(level: string, destination?: Writable): Logger {
  const options = {
    level,
    base: { service: 'partnerweb' },
    serializers: { err: errorWithoutParameters },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'client_secret'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
