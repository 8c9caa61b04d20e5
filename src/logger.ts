import pino, { Logger } from 'pino';

/** JSON logs on stdout; every line of a request carries its request id (pino-http's `req.id`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'partnerweb' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'client_secret'], censor: '[redacted]' },
  });
}
