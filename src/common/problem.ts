/** One invalid input, named so that a client can show it next to the right field. */
export interface InvalidField {
  /** Where the value came from. */
  in: 'body' | 'query' | 'path' | 'header';
  /** The field, e.g. `company` or `limit`. @maxLength 200 */
  field: string;
  /** What is wrong with it. @maxLength 1000 */
  message: string;
}

/** One kind of problem: its status and title, and for its page (`/problems/<code>`) the cause and the fix. */
interface ProblemType {
  status: number;
  title: string;
  /** Why a request gets this answer. */
  cause: string;
  /** What the caller does about it. */
  fix: string;
  /**
   * Which operations of the spec can answer with it (their error examples name it): `any` operation; those with a
   * request `body`, an `idempotency-key` or an `if-match` header, an OAuth2 `scope`; only the `token-endpoint` (not in
   * the spec documents); or the operation ids named.
   */
  arises: 'any' | 'body' | 'idempotency-key' | 'if-match' | 'scope' | 'token-endpoint' | readonly string[];
}

/**
 * The stable problem codes of this API, the one error registry: the error handler, the spec's `code` enum and
 * the problem pages (`/problems/<code>`) all come from it.
 */
export const PROBLEMS = {
  'validation-failed': {
    status: 400,
    title: 'The request has invalid fields',
    cause:
      'A path, query, header or body value does not have the form or range the operation needs (an id that is no UUID, a date that does not exist, a text too long, an unknown value of a list).',
    fix: "Read `errors`: each entry names the field (`in` and `field`) and what is wrong with it. Correct those values and send the request again; the spec gives each field's type, format and limits.",
    arises: 'any',
  },
  'malformed-request': {
    status: 400,
    title: 'The request body could not be read',
    cause: 'The body is not well-formed JSON (or the request is otherwise unreadable).',
    fix: 'Send the body as UTF-8 JSON with `Content-Type: application/json`; check quoting and commas. A JSON library rather than string concatenation avoids this.',
    arises: 'body',
  },
  unauthenticated: {
    status: 401,
    title: 'A valid access token is required',
    cause:
      'The request has no `Authorization: Bearer` token, or the token is expired, malformed or signed for another issuer or audience.',
    fix: 'Get a token at `POST /oauth/token` (client credentials) and send it as `Authorization: Bearer <token>`. Tokens live 15 minutes: get a new one when one expires (the SDK does this itself).',
    arises: 'any',
  },
  'invalid-client': {
    status: 401,
    title: 'The client could not be authenticated',
    cause:
      'The token endpoint did not accept the client id and secret (or client assertion): unknown, wrong or revoked.',
    fix: 'Check the client id and secret (HTTP Basic, or `client_id`/`client_secret` form fields). A revoked client cannot get tokens: use another, or make a new one with `credentials:manage`.',
    arises: 'token-endpoint',
  },
  'insufficient-scope': {
    status: 403,
    title: 'The access token lacks a scope this operation needs',
    cause:
      'The token was issued without the scope the operation names in the spec (its security requirement), or asked for fewer scopes.',
    fix: 'Ask for a token with that scope (`scope=` at the token endpoint), if your API client has it; otherwise grant the client the scope.',
    arises: 'scope',
  },
  'not-found': {
    status: 404,
    title: 'No such resource',
    cause:
      'There is no such object among yours: the id is wrong, the object was deleted, or it belongs to another partner (which is never shown, so it is the same answer), or the path does not exist.',
    fix: 'Check the id (list the resource to find it) and the path; ids are UUIDs.',
    arises: 'any',
  },
  'method-not-allowed': {
    status: 405,
    title: 'The method is not allowed on this resource',
    cause: 'The path exists but does not take this HTTP method.',
    fix: 'Use a method the spec lists for the path.',
    arises: 'any',
  },
  'person-not-eligible': {
    status: 403,
    title: 'This person cannot order an eID on a smartcard',
    cause:
      'The end user is under 13, the national identity number is refused, or the population registry does not know the person.',
    fix: 'No retry helps; `detail` says which. The person contacts the issuer if the registry data is wrong.',
    arises: ['OrderPage_placeFirstOrder', 'MyPage_placeFollowUpOrder'],
  },
  'order-not-pending': {
    status: 409,
    title: 'Only a pending order can be changed',
    cause:
      'The order was approved or rejected already (perhaps by another of your systems at the same moment), so it cannot be corrected or decided again.',
    fix: 'Read the order again (`GET /v1/orders/{orderId}`) and go on from its status; with an Idempotency-Key a retry of your own decision replays its first answer instead.',
    arises: ['Orders_correctCompany', 'Orders_approveOrder', 'Orders_rejectOrder'],
  },
  'order-not-possible': {
    status: 409,
    title: 'This order cannot be placed now',
    cause:
      'The ordering rules refuse this order now: e.g. a renewal before two months ahead of the expiry date, a renewal already pending or approved, or an order on a product the person already has.',
    fix: '`detail` gives the reason; `GET /v1/me/cards` tells for each card whether a renewal or an additional card is possible and from when.',
    arises: ['OrderPage_placeFirstOrder', 'MyPage_placeFollowUpOrder', 'CardReaderOrders_orderCardReaders'],
  },
  'card-status-conflict': {
    status: 409,
    title: 'The card is not in a status that allows this change',
    cause:
      "The card's life only goes one way (in production, shipped, active, then expired or revoked); this step does not follow from its current status.",
    fix: "Read the card's status and send the step that follows from it.",
    arises: [
      'Operator_shipCard',
      'Operator_activateCard',
      'Operator_revokeCard',
      'Operator_shipCardReaders',
      'Roster_revokeLeaverCard',
    ],
  },
  'duplicate-document': {
    status: 409,
    title: 'This document was handed over already',
    cause: 'A power of attorney with the same content (SHA-256) is stored already.',
    fix: 'Nothing to do: the earlier hand-over stands; list your powers of attorney to find it.',
    arises: ['PowersOfAttorney_uploadPowerOfAttorney'],
  },
  'idempotency-key-in-flight': {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
    cause: 'The first request with this key has not answered yet, so there is no answer to replay.',
    fix: "Wait as `Retry-After` says and retry with the same key and request; you then get the first request's answer.",
    arises: 'idempotency-key',
  },
  'precondition-failed': {
    status: 412,
    title: 'The resource has changed since you read it',
    cause:
      'The `If-Match` ETag names an older version of the order: someone changed it after you read it (or the value is not an ETag this API gave).',
    fix: 'Read the order again, check your change still makes sense, and send it with the new ETag.',
    arises: 'if-match',
  },
  'payload-too-large': {
    status: 413,
    title: 'The request body is too large',
    cause: 'The body is larger than the API takes: 100 kB for JSON, 10 MB for a power-of-attorney file.',
    fix: 'Send less: split the data, or reduce the file.',
    arises: 'body',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'The request body must be JSON',
    cause:
      "The body's `Content-Type` is not `application/json` (or, for an upload, `multipart/form-data`), or its charset is not UTF-8.",
    fix: 'Send `Content-Type: application/json` with a UTF-8 body (`multipart/form-data` with the file in `file` for uploads).',
    arises: 'body',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was used with another request',
    cause:
      'The key was sent before (within 24 hours) with another method, path or body; replaying the first answer would be wrong.',
    fix: 'Use a new key (a UUID) for each intended change, and the same key only for retries of exactly the same request.',
    arises: 'idempotency-key',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    cause:
      'Your API client sent more requests in the current minute than its quota (see the `RateLimit-Policy` and `RateLimit` headers).',
    fix: 'Wait the seconds `Retry-After` says, then go on; spread requests out, and follow `RateLimit` to stay within the quota.',
    arises: 'any',
  },
  'internal-error': {
    status: 500,
    title: 'Something went wrong on our side',
    cause: 'An error in the API itself; nothing in your request is known to be wrong.',
    fix: 'Retry later (with the same Idempotency-Key for a POST); if it persists, tell partner support the `requestId`.',
    arises: 'any',
  },
  'service-unavailable': {
    status: 503,
    title: 'The service cannot reach its database just now; try again shortly',
    cause:
      'The API cannot reach its database for a moment (a restart or fail-over), or it is starting and its migrations are not applied yet.',
    fix: 'Retry after the seconds `Retry-After` says (with the same Idempotency-Key for a POST).',
    arises: 'any',
  },
  'unsupported-grant-type': {
    status: 400,
    title: 'Only the client_credentials grant is supported',
    cause: 'The token request asked for another `grant_type`.',
    fix: 'Send `grant_type=client_credentials`.',
    arises: 'token-endpoint',
  },
  'invalid-scope': {
    status: 400,
    title: 'A requested scope is unknown or not granted to this client',
    cause:
      'The `scope` asked for at the token endpoint names a scope that does not exist or that your API client does not have.',
    fix: "Ask only for scopes your client has (the spec's security scheme lists them all), or leave `scope` out to get all of them.",
    arises: 'token-endpoint',
  },
  'api-client-revoked': {
    status: 409,
    title: 'The API client is revoked; its credentials cannot change',
    cause: 'The API client was revoked; a revoked client keeps no keys or secrets and gets no tokens.',
    fix: 'Make a new API client (`POST /v1/api-clients`).',
    arises: [
      'ApiClients_addApiClientKeys',
      'ApiClients_removeApiClientKey',
      'ApiClients_replaceApiClientSecret',
      'ApiClients_removeApiClientSecret',
    ],
  },
  'key-id-taken': {
    status: 409,
    title: 'The client has a key with this kid already',
    cause: 'A public key with the same `kid` is registered for this client.',
    fix: 'Give the new key another `kid`, or remove the old key first.',
    arises: ['ApiClients_addApiClientKeys'],
  },
  'too-many-credentials': {
    status: 409,
    title: 'The limit of API clients or keys is reached',
    cause: 'The partner has as many active API clients, or the client as many keys, as allowed.',
    fix: 'Revoke a client or remove a key you no longer use, then try again.',
    arises: ['ApiClients_createApiClient', 'ApiClients_addApiClientKeys'],
  },
  'roster-member-conflict': {
    status: 409,
    // Answered on /scim/v2 only (as a SCIM error with scimType uniqueness), which is no operation of the spec.
    arises: [],
    title: 'Another roster member has this userName or externalId',
    cause:
      'Your HR directory (over SCIM) created or renamed a person to a userName (compared without case) or externalId that another person of your roster already has.',
    fix: 'Find the other member (`GET /scim/v2/Users?filter=userName eq "…"`) and change or delete one of them; the SCIM answer is 409 with scimType `uniqueness`.',
  },
} as const satisfies Record<string, ProblemType>;

/**
 * A stable, machine-readable problem code; `type` is `/problems/<code>`, whose page gives the cause and the fix.
 * @example "order-not-pending"
 */
export type ProblemCode = keyof typeof PROBLEMS;

/**
 * An RFC 9457 problem details document. Every error answer of the API has this shape and the media type
 * `application/problem+json`.
 */
export interface ProblemDetails {
  /** A URI reference naming the problem type: `/problems/<code>`. @maxLength 200 */
  type: string;
  /** A stable, machine-readable problem code; `type` is `/problems/<code>`, a page with the cause and the fix. */
  code: ProblemCode;
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
