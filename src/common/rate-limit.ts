import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { Problem } from './problem';

const WINDOW_SECONDS = 60;

/** What this process holds of one key's bucket: points leased from the shared count, or a block until the window ends. */
interface Lease {
  left: number;
  /** The shared bucket's remaining points when the lease was taken (for the RateLimit header). */
  remaining: number;
  windowEndsAt: number;
  blocked: boolean;
  /** At this many points left, the next share is fetched ahead (-1: not ahead; see `take`). */
  refillAt: number;
}

type Taken = { remaining: number; resetSeconds: number; refused?: Problem };

const MAX_KEYS = 10_000;
/** The smallest share fetched ahead: a smaller one (a limit under 256 a minute) is fetched when spent, exactly. */
const MIN_SHARE_AHEAD = 16;
/** Two readings of one window's end differ by a millisecond or so; a new window ends at least 60 s later. */
const SAME_WINDOW_MS = 1000;

/**
 * One named limit: so many requests per minute and key, counted in PostgreSQL so that every instance shares it.
 *
 * Why leases: one upsert per request on a busy client's row made every request of that client wait for the
 * row lock of the one before. Each upsert here takes up to 1/16 of what the bucket has left (at most 64 points,
 * and a single point near the end), and the process hands those out; so the shared count is never exceeded and
 * a client making hundreds of requests a minute costs a few round trips, while a small limit stays exact.
 * Requests of one key arriving while its lease is fetched wait for that fetch instead of making their own.
 *
 * A busy key's next share is fetched ahead, when half of the one in hand is used: the upsert waits for a pool
 * connection behind the requests' own queries, and while it waited every request of that key waited with it
 * (a stall every 64 requests on the bench's load). Only shares of 16 points or more are fetched ahead, so a
 * small limit stays exact; a busy key holds at most a share and a half unused.
 */
export class SharedLimit {
  private readonly limiter: RateLimiterPostgres;
  private readonly leases = new Map<string, Lease>();
  private readonly fetching = new Map<string, Promise<void>>();

  constructor(
    pool: Pool,
    readonly name: string,
    readonly perMinute: number,
  ) {
    this.limiter = new RateLimiterPostgres({
      storeClient: unnamedStatements(pool),
      storeType: 'pool',
      tableName: 'rate_limit_bucket',
      tableCreated: true,
      // The limit is part of the prefix: a new limit starts new buckets, and limits never share a counter.
      keyPrefix: `${name}:${perMinute}`,
      points: perMinute,
      duration: WINDOW_SECONDS,
      // When the database cannot be reached, count in this process rather than fail the request here.
      insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS }),
    });
  }

  /** Counts one request of `key`; resolves with the bucket's state, or the 429 problem when it is spent. */
  async take(key: string): Promise<Taken> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(key);
      if (lease && lease.windowEndsAt > now) {
        const resetSeconds = seconds(lease.windowEndsAt - now);
        if (lease.blocked) return { remaining: 0, resetSeconds, refused: limited(resetSeconds) };
        if (lease.left > 0) {
          lease.left--;
          // A failed fetch ahead is not lost: the request that finds no point left fetches again.
          if (lease.left === lease.refillAt && !this.fetching.has(key)) this.fetchLease(key, lease).catch(() => {});
          return { remaining: lease.remaining + lease.left, resetSeconds };
        }
      }
      const inFlight = this.fetching.get(key);
      if (inFlight) {
        await inFlight;
        continue;
      }
      await this.fetchLease(key, lease);
    }
  }

  /** Fetches `key`'s next share once, however many ask; an error reaches the requests that wait for it. */
  private fetchLease(key: string, previous: Lease | undefined): Promise<void> {
    const fetch = this.lease(key, previous).finally(() => this.fetching.delete(key));
    this.fetching.set(key, fetch);
    return fetch;
  }

  /** Takes a share of the shared bucket (one upsert); a spent bucket blocks the key here until its window ends. */
  private async lease(key: string, previous: Lease | undefined): Promise<void> {
    const known = previous && previous.windowEndsAt > Date.now() ? previous.remaining : this.perMinute;
    const share = Math.min(64, Math.max(1, Math.floor(known / 16)));
    let consumed: number;
    let msBeforeNext: number;
    try {
      ({ consumedPoints: consumed, msBeforeNext } = await this.limiter.consume(key, share));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      ({ consumedPoints: consumed, msBeforeNext } = error);
    }
    // Points that were free before this upsert: the share, or what was left of the bucket if that was less.
    const granted = Math.min(share, this.perMinute - (consumed - share));
    const windowEndsAt = Date.now() + msBeforeNext;
    // Points still in hand from a share fetched ahead count on if they are of the same window: its end is the
    // row's expiry, read back each time to within a millisecond, and a new window ends a whole window later.
    const current = this.leases.get(key);
    const carried =
      current && Math.abs(current.windowEndsAt - windowEndsAt) < SAME_WINDOW_MS && !current.blocked ? current.left : 0;
    const left = Math.max(granted, 0) + carried;
    if (this.leases.size >= MAX_KEYS && !current) this.leases.delete(this.leases.keys().next().value as string);
    this.leases.set(key, {
      left,
      remaining: Math.max(this.perMinute - consumed, 0),
      windowEndsAt,
      blocked: left <= 0,
      refillAt: share >= MIN_SHARE_AHEAD ? Math.floor(share / 2) : -1,
    });
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

/**
 * The pool, as rate-limiter-flexible's store client, without statement names. The library names its statements,
 * so every request connection that ever ran its upsert kept a prepared statement and its plan for the rest of its
 * life; measured on the bench's million orders, PostgreSQL then spent 1.5 instead of 0.8 ms of CPU on each
 * order list that came after on that connection (strace: the backend gave its executor memory back to the OS and
 * took it again, two brk calls and a TLB flush a query). Unnamed, the upsert is planned each time (a few rows'
 * table, one unique index) and leaves nothing behind.
 */
const unnamedStatements = (pool: Pool) => ({
  query: ({ text, values }: { text: string; values?: unknown[] }) => pool.query(text, values),
});

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

const limited = (resetSeconds: number): Problem =>
  new Problem('rate-limited', `Too many requests; wait ${resetSeconds} s, as the Retry-After header says.`, undefined, {
    'Retry-After': String(resetSeconds),
  });

const addressOf = (req: Request): string => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;

/** Who is calling, as authentication sees it: a bucket key, 'failed' for a token refused, undefined for none. */
export type IdentifyCaller = (req: Request) => Promise<{ key: string } | 'failed' | undefined>;

/**
 * The API's limit. The bucket is the verified caller (API client, operator, end user) or, without a token that
 * verifies, the client address: a forged token never picks a bucket, so it can neither escape the address's
 * limit nor spend a real partner's. Credentials that fail also count against the address's failure limit,
 * which is lower: guessing is limited on its own. Counted in leases of the shared bucket (SharedLimit).
 */
export function apiRateLimit(
  pool: Pool,
  limits: { perMinute: number; authFailuresPerMinute: number },
  identify: IdentifyCaller,
): RequestHandler {
  const api = new SharedLimit(pool, 'api', limits.perMinute);
  const failures = new SharedLimit(pool, 'auth-failures', limits.authFailuresPerMinute);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const caller = await identify(req);
      if (caller === 'failed') {
        const [refused, failed] = await Promise.all([
          api.apply(addressOf(req), res),
          failures.apply(addressOf(req), res),
        ]);
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
