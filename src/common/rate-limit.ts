import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { verifiedCaller } from '../auth/authentication';
import { Problem } from './problem';

const WINDOW_SECONDS = 60;

/** One named limit: so many requests per minute and key, counted in PostgreSQL so that every instance shares it. */
export class SharedLimit {
  private readonly limiter: RateLimiterPostgres;

  constructor(
    pool: Pool,
    readonly name: string,
    readonly perMinute: number,
  ) {
    this.limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limit_bucket',
      tableCreated: true,
      // The limit is part of the prefix: a new limit starts new buckets, and limits never share a counter.
      keyPrefix: `${name}:${perMinute}`,
      points: perMinute,
      duration: WINDOW_SECONDS,
      // A key over its limit is refused from memory until its window ends: a flood costs no database round trips.
      inMemoryBlockOnConsumed: perMinute + 1,
      inMemoryBlockDuration: WINDOW_SECONDS,
      // When the database cannot be reached, count in this process rather than fail the request here.
      insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS }),
    });
  }

  /** Counts one request of `key`; resolves with the bucket's state, or the 429 problem when it is spent. */
  async take(key: string): Promise<{ remaining: number; resetSeconds: number; refused?: Problem }> {
    try {
      const res = await this.limiter.consume(key);
      return { remaining: res.remainingPoints, resetSeconds: seconds(res.msBeforeNext) };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const resetSeconds = seconds(error.msBeforeNext);
      return {
        remaining: 0,
        resetSeconds,
        refused: new Problem('rate-limited', `Too many requests; wait ${resetSeconds} s, as the Retry-After header says.`, undefined, {
          'Retry-After': String(resetSeconds),
        }),
      };
    }
  }

  /** Counts and announces it in the IETF RateLimit and RateLimit-Policy headers (draft 8); 429 with Retry-After when spent. */
  async apply(key: string, res: Response): Promise<Problem | undefined> {
    const state = await this.take(key);
    if (!res.headersSent) {
      res.append('RateLimit-Policy', `"${this.name}"; q=${this.perMinute}; w=${WINDOW_SECONDS}`);
      res.append('RateLimit', `"${this.name}"; r=${state.remaining}; t=${state.resetSeconds}`);
    }
    return state.refused;
  }
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

const addressOf = (req: Request): string => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;

/**
 * The API's limit. The bucket is the verified caller (API client, operator, end user) or, without a token that
 * verifies, the client address: a forged token never picks a bucket, so it can neither escape the address's
 * limit nor spend a real partner's. Credentials that fail also count against the address's failure limit,
 * which is lower: guessing is limited on its own. One upsert per request (two when authentication fails).
 */
export function apiRateLimit(pool: Pool, limits: { perMinute: number; authFailuresPerMinute: number }): RequestHandler {
  const api = new SharedLimit(pool, 'api', limits.perMinute);
  const failures = new SharedLimit(pool, 'auth-failures', limits.authFailuresPerMinute);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const caller = await verifiedCaller(req);
      if (caller === 'failed') {
        const [refused, failed] = await Promise.all([api.apply(addressOf(req), res), failures.apply(addressOf(req), res)]);
        return next(refused ?? failed);
      }
      next(await api.apply(caller?.key ?? addressOf(req), res));
    } catch (error) {
      next(error);
    }
  };
}

/** A limit by client address alone (the token endpoint: every attempt counts, a failed one as much as a good one). */
export function addressRateLimit(pool: Pool, name: string, perMinute: number): RequestHandler {
  const limit = new SharedLimit(pool, name, perMinute);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      next(await limit.apply(addressOf(req), res));
    } catch (error) {
      next(error);
    }
  };
}
