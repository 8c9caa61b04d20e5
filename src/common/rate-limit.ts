import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { Problem } from './problem';

/** The client a bearer token names, read without verifying it: only to pick a rate-limit bucket. */
function clientOfToken(req: Request): string | undefined {
  const token = req.get('Authorization')?.match(/^Bearer\s+([^.\s]+)\.([^.\s]+)\./)?.[2];
  if (!token) return undefined;
  try {
    const sub = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).sub;
    return typeof sub === 'string' ? sub.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Per API client (or per address without a token), announced in the IETF RateLimit headers; 429 carries
 * Retry-After. A forged token only moves the caller into another bucket; it is refused by authentication anyway.
 */
export function apiRateLimit(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const client = clientOfToken(req);
      return client ? `client:${client}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, _res, next) => next(new Problem('rate-limited', 'Too many requests; wait as the Retry-After header says.')),
  });
}
