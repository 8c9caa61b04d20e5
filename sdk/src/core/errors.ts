import type { components } from '../schema.js';

export type ProblemDetails = components['schemas']['ProblemDetails'];
export type InvalidField = components['schemas']['InvalidField'];
/** The stable problem codes of the API (`/problems/<code>`), from the spec. */
export type ProblemCode = ProblemDetails['code'];

/**
 * The base of every error the SDK throws. An error the API answered has `status`, `code`, `requestId` and the
 * problem details; a connection error, a timeout or your own abort has none of them.
 */
export class PartnerwebError extends Error {
  override name = 'PartnerwebError';
  /** The HTTP status; undefined when no answer came. */
  readonly status: number | undefined;
  /** The problem code, e.g. `order-not-pending`. */
  readonly code: ProblemCode | undefined;
  /** The `Request-Id` of the answer: quote it to support. */
  readonly requestId: string | undefined;
  /** The RFC 9457 problem details the API sent. */
  readonly problem: ProblemDetails | undefined;
  /** The answer's headers. */
  readonly headers: Headers | undefined;

  constructor(
    message: string,
    init: { status?: number; problem?: ProblemDetails; headers?: Headers; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.problem = init.problem;
    this.code = init.problem?.code;
    this.headers = init.headers;
    this.requestId = init.headers?.get('Request-Id') ?? init.problem?.requestId ?? undefined;
  }
}

/** The API answered with an error status. Subclasses name the kind; `APIError` itself is any other status. */
export class APIError extends PartnerwebError {
  override name = 'APIError';
  declare readonly status: number;
  declare readonly headers: Headers;

  constructor(status: number, problem: ProblemDetails | undefined, headers: Headers) {
    const what = problem?.detail ?? problem?.title ?? 'request failed';
    const id = headers.get('Request-Id');
    super(`${status} ${problem?.code ?? 'error'}: ${what}${id ? ` (request id ${id})` : ''}`, {
      status,
      problem,
      headers,
    });
  }
}

/** 400: invalid input; `invalidFields` names each field at fault. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
  get invalidFields(): InvalidField[] {
    return this.problem?.errors ?? [];
  }
}
/** 401: no valid access token, or wrong client credentials (`invalid-client`). */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: the token lacks a scope, or the person may not order. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404: no such object among yours. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: e.g. the order is no longer pending (someone decided first). */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 412: `If-Match` named an older version; read the object again. */
export class PreconditionFailedError extends APIError {
  override name = 'PreconditionFailedError';
}
/** 422: an Idempotency-Key reused with another request. */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/** 429: too many requests; `retryAfter` says after how many seconds to try again. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  get retryAfter(): number | undefined {
    const ms = retryAfterMs(this.headers.get('Retry-After'));
    return ms === undefined ? undefined : Math.ceil(ms / 1000);
  }
}
/** 5xx: a failure on the API's side. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** No answer: the network failed (DNS, refused, reset). `cause` holds what fetch threw. */
export class APIConnectionError extends PartnerwebError {
  override name = 'APIConnectionError';
  constructor(message = 'Connection error', cause?: unknown) {
    super(message, { cause });
  }
}
/** No answer within the timeout (per attempt). */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
  }
}
/** You aborted the call through its `signal`. */
export class APIUserAbortError extends PartnerwebError {
  override name = 'APIUserAbortError';
  constructor(cause?: unknown) {
    super('Request was aborted', { cause });
  }
}

const BY_STATUS: Record<
  number,
  new (status: number, problem: ProblemDetails | undefined, headers: Headers) => APIError
> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error class for an answer's status. */
export function errorFor(status: number, problem: ProblemDetails | undefined, headers: Headers): APIError {
  const Kind = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new Kind(status, problem, headers);
}

/** `Retry-After` as delay-seconds or as an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
