/** One invalid input, named so that a client can show it next to the right field. */
export interface InvalidField {
  /** Where the value came from. */
  in: 'body' | 'query' | 'path' | 'header';
  /** The field, e.g. `company` or `limit`. @maxLength 200 */
  field: string;
  /** What is wrong with it. @maxLength 1000 */
  message: string;
}

/** The stable problem codes of this API; `type` is `/problems/<code>`. */
export const PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request has invalid fields' },
  'malformed-request': { status: 400, title: 'The request body could not be read' },
  unauthenticated: { status: 401, title: 'A valid access token is required' },
  'invalid-client': { status: 401, title: 'The client could not be authenticated' },
  'insufficient-scope': { status: 403, title: 'The access token lacks a scope this operation needs' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'The method is not allowed on this resource' },
  'person-not-eligible': { status: 403, title: 'This person cannot order an eID on a smartcard' },
  'order-not-pending': { status: 409, title: 'Only a pending order can be changed' },
  'order-not-possible': { status: 409, title: 'This order cannot be placed now' },
  'card-status-conflict': { status: 409, title: 'The card is not in a status that allows this change' },
  'duplicate-document': { status: 409, title: 'This document was handed over already' },
  'idempotency-key-in-flight': { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  'precondition-failed': { status: 412, title: 'The resource has changed since you read it' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with another request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Something went wrong on our side' },
  'service-unavailable': { status: 503, title: 'The service cannot reach its database just now; try again shortly' },
  'unsupported-grant-type': { status: 400, title: 'Only the client_credentials grant is supported' },
  'invalid-scope': { status: 400, title: 'A requested scope is unknown or not granted to this client' },
  'api-client-revoked': { status: 409, title: 'The API client is revoked; its credentials cannot change' },
  'key-id-taken': { status: 409, title: 'The client has a key with this kid already' },
  'too-many-credentials': { status: 409, title: 'The limit of API clients or keys is reached' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * An RFC 9457 problem details document. Every error answer of the API has this shape and the media type
 * `application/problem+json`.
 */
export interface ProblemDetails {
  /** A URI reference naming the problem type: `/problems/<code>`. @maxLength 200 */
  type: string;
  /** A stable, machine-readable problem code. @example "order-not-pending" @maxLength 100 */
  code: string;
  /** A short summary of the problem type. @example "Only a pending order can be changed" @maxLength 200 */
  title: string;
  /** The HTTP status code. @isInt @minimum 400 @maximum 599 @example 409 */
  status: number;
  /** What happened in this case, for a person. @example "Order PW-00001002 is approved; only a pending order can be changed." @maxLength 2000 */
  detail?: string;
  /** The request path. @example "/v1/orders/3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11/approve" @maxLength 2000 */
  instance?: string;
  /** The id of the request, also in the `Request-Id` header and in our logs. @example "9f1c2e7a-3d44-4b6b-8a51-0c6f7e2d1a90" @maxLength 128 */
  requestId?: string;
  /** The invalid fields, for validation failures. @maxItems 50 */
  errors?: InvalidField[];
}

/** Throw this anywhere; the error handler turns it into a problem+json answer. */
export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: InvalidField[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[code].title);
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
  }

  static notFound(what: string): Problem {
    return new Problem('not-found', `${what} was not found.`);
  }

  static invalid(field: string, message: string, where: InvalidField['in'] = 'body'): Problem {
    return new Problem('validation-failed', `${field}: ${message}`, [{ in: where, field, message }]);
  }
}

export function problemBody(problem: Problem, instance: string, requestId: string): ProblemDetails {
  return {
    type: `/problems/${problem.code}`,
    code: problem.code,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance,
    requestId,
    ...(problem.errors?.length ? { errors: problem.errors } : {}),
  };
}
