import { retryAfterMs, type ProblemDetails } from './errors.js';

/** Statuses worth another attempt: the request may succeed unchanged a moment later. */
const RETRIED_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Backoff before attempt n+1: full jitter (AWS's "Exponential Backoff and Jitter") over 0.5 s · 2ⁿ, at most 8 s. */
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A Retry-After longer than this is not waited for: the error is thrown, with `retryAfter`, for you to schedule. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function isRetriedAnswer(status: number, problem: ProblemDetails | undefined): boolean {
  return RETRIED_STATUSES.has(status) || (status === 409 && problem?.code === 'idempotency-key-in-flight');
}

/**
 * Whether a request may be sent again without acting twice: reads and PUT/DELETE are idempotent by HTTP; a PATCH
 * only with If-Match (a second one finds a new version and is refused); a POST only with an Idempotency-Key
 * (the server replays the first answer).
 */
export function isSafeToRetry(method: string, headers: Headers): boolean {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'PUT':
    case 'DELETE':
      return true;
    case 'PATCH':
      return headers.has('If-Match');
    case 'POST':
      return headers.has('Idempotency-Key');
    default:
      return false;
  }
}

/**
 * How long to wait before the next attempt, or undefined to give up: `Retry-After` when the answer has one
 * (seconds or an HTTP date) up to a minute, otherwise exponential backoff with full jitter.
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null | undefined,
  random: () => number = Math.random,
): number | undefined {
  const asked = retryAfterMs(retryAfter ?? null);
  if (asked !== undefined) return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
  return Math.floor(random() * Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** attempt));
}

/** Waits, unless the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the caller's abort reason, as given (as fetch does)
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the caller's abort reason, as given
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
