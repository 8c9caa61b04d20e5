import { VERSION } from '../version.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  errorFor,
  PartnerwebError,
  type ProblemDetails,
} from './errors.js';
import type { ClientOptions, RequestOptions } from './request-options.js';
import { isRetriedAnswer, isSafeToRetry, retryDelayMs, sleep } from './retry.js';
import { randomUUID } from './uuid.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

export type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;

/** One call as a resource describes it. */
export interface APIRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path under the base URL, with its parameters encoded already (see `path`). */
  path: string;
  query?: Record<string, QueryValue> | object;
  /** A JSON body, or a form (multipart, or url-encoded) sent as it is. */
  body?: unknown;
  /** A body made anew for each attempt (a token request's single-use client assertion); instead of `body`. */
  bodyPerAttempt?: () => Promise<unknown>;
  headers?: Record<string, string | undefined>;
  /** How to read a successful answer (default json). */
  parse?: 'json' | 'stream' | 'bytes' | 'none';
  /** Whether to send the caller's credentials (default true). */
  auth?: boolean;
}

export interface APIResponse<T> {
  data: T;
  response: Response;
}

/** Where the credentials come from: the partner client fetches and renews tokens; the end-user client holds one. */
export interface Credentials {
  headers(): Promise<Record<string, string>>;
  /** Forget a token the API refused (401), so the next attempt gets a new one; absent when nothing can be renewed. */
  renew?(): void;
}

/** `path\`/v1/orders/${id}\`` with each parameter percent-encoded. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

/**
 * Sends calls: credentials, User-Agent, an Idempotency-Key on every POST, a timeout per attempt, retries of what
 * is safe to retry (backoff with full jitter, Retry-After honoured), and a typed error for every failure.
 */
export class Transport {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: ClientOptions,
    private readonly credentials?: Credentials,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Bound late, so that a fetch patched after the client is made (by a test or an APM agent) is still used.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async request<T>(req: APIRequest, options: RequestOptions = {}): Promise<APIResponse<T>> {
    const timeout = options.timeout ?? this.options.timeout ?? DEFAULT_TIMEOUT_MS;
    const maxRetries = options.maxRetries ?? this.options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const headers = this.headersFor(req, options);
    const retriable = isSafeToRetry(req.method, headers);
    const url = this.urlFor(req);
    let body = encodeBody(req.body, headers);
    let renewed = false;

    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new APIUserAbortError(options.signal.reason);
      if (req.auth !== false && this.credentials) {
        for (const [name, value] of Object.entries(await this.credentials.headers())) headers.set(name, value);
      }
      if (req.bodyPerAttempt) body = encodeBody(await req.bodyPerAttempt(), headers);
      const deadline = new Deadline(timeout, options.signal);
      let error: PartnerwebError;
      let retryAfter: string | null = null;
      try {
        const response = await this.fetch(url, { method: req.method, headers, body, signal: deadline.signal });
        if (response.ok) {
          const data = (await readBody(response, req.parse ?? 'json')) as T;
          // A stream is read after we return: only the caller's signal may end it, not the timer.
          deadline.clearTimer();
          if (req.parse !== 'stream') deadline.release();
          return { data, response };
        }
        const problem = await readProblem(response);
        deadline.release();
        if (response.status === 401 && this.credentials?.renew && !renewed && req.auth !== false) {
          // The token expired or was revoked early: one more try with a new token, not counted as a retry.
          renewed = true;
          this.credentials.renew();
          attempt--;
          continue;
        }
        error = errorFor(response.status, problem, response.headers);
        if (!isRetriedAnswer(response.status, problem)) throw error;
        retryAfter = response.headers.get('Retry-After');
      } catch (thrown) {
        deadline.release();
        if (thrown instanceof PartnerwebError && thrown.status !== undefined) {
          if (!isRetriedAnswer(thrown.status, thrown.problem)) throw thrown;
          error = thrown;
        } else if (options.signal?.aborted) {
          throw new APIUserAbortError(options.signal.reason);
        } else if (deadline.timedOut) {
          error = new APIConnectionTimeoutError(timeout);
        } else {
          error = new APIConnectionError(`Connection error: ${(thrown as Error)?.message ?? thrown}`, thrown);
        }
      }
      if (!retriable || attempt >= maxRetries) throw error;
      const wait = retryDelayMs(attempt, retryAfter);
      if (wait === undefined) throw error;
      try {
        await sleep(wait, options.signal);
      } catch (reason) {
        throw new APIUserAbortError(reason);
      }
    }
  }

  private headersFor(req: APIRequest, options: RequestOptions): Headers {
    const headers = new Headers({ Accept: 'application/json', 'User-Agent': `partnerweb-sdk/${VERSION}` });
    for (const [name, value] of Object.entries({
      ...this.options.defaultHeaders,
      ...req.headers,
      ...options.headers,
    })) {
      if (value !== undefined) headers.set(name, value);
    }
    // One key per call, the same on each of its retries: the server then acts once whatever reaches it.
    if (req.method === 'POST')
      headers.set('Idempotency-Key', options.idempotencyKey ?? headers.get('Idempotency-Key') ?? randomUUID());
    return headers;
  }

  private urlFor(req: APIRequest): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {}) as [string, QueryValue][]) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) search.append(name, String(item));
      else search.set(name, String(value));
    }
    const qs = search.toString();
    return `${this.baseUrl}${req.path}${qs ? `?${qs}` : ''}`;
  }
}

function encodeBody(body: unknown, headers: Headers): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (body instanceof FormData || body instanceof URLSearchParams || body instanceof Blob) return body;
  headers.set('Content-Type', 'application/json');
  return JSON.stringify(body);
}

async function readBody(response: Response, parse: NonNullable<APIRequest['parse']>): Promise<unknown> {
  switch (parse) {
    case 'stream':
      return response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    case 'bytes':
      return new Uint8Array(await response.arrayBuffer());
    case 'none':
      await response.arrayBuffer();
      return undefined;
    default: {
      const text = await response.text();
      return text ? JSON.parse(text) : undefined;
    }
  }
}

/** The problem details of an error answer; undefined when the body is not one (a proxy's HTML page). */
async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' && 'status' in body ? (body as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}

/** One attempt's abort signal: fires at the timeout, or when the caller's signal aborts. */
class Deadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  timedOut = false;
  private readonly onAbort = () => this.controller.abort(this.callerSignal?.reason);

  constructor(
    timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new APIConnectionTimeoutError(timeoutMs));
    }, timeoutMs);
    callerSignal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clearTimer(): void {
    clearTimeout(this.timer);
  }

  release(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onAbort);
  }
}
