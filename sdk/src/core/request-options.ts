/** Options every method takes, as its last argument. */
export interface RequestOptions {
  /** Aborts the call (and its retries); it then throws APIUserAbortError. */
  signal?: AbortSignal;
  /** Milliseconds to wait for each attempt's answer (client default: 60 000). */
  timeout?: number;
  /** Retries after a network failure, a timeout, 408, 409 `idempotency-key-in-flight`, 429 or 5xx (client default: 2). */
  maxRetries?: number;
  /** The Idempotency-Key of a POST; by default a new UUID per call, the same on each of its retries. */
  idempotencyKey?: string;
  /** More headers for this call. */
  headers?: Record<string, string>;
}

/** Defaults for every call of a client. */
export interface ClientOptions {
  /** Where the API runs, e.g. `https://sandbox.partnerweb.example` or `http://localhost:3000`. */
  baseUrl: string;
  /** Milliseconds to wait for each attempt's answer (default 60 000). */
  timeout?: number;
  /** Retries of a call that may be retried (default 2). */
  maxRetries?: number;
  /** Headers sent with every call. */
  defaultHeaders?: Record<string, string>;
  /** A fetch to use instead of the global one (a proxy, a test double). */
  fetch?: typeof fetch;
}
