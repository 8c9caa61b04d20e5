/**
 * @partnerweb/sdk: the typed client of the Partnerweb API.
 *
 *   import { PartnerwebClient } from '@partnerweb/sdk';
 *   const partnerweb = new PartnerwebClient({ baseUrl, clientId, clientSecret });
 *   for await (const order of partnerweb.orders.list({ status: 'pending' })) console.log(order.orderNumber);
 */
export { PartnerwebClient, type PartnerwebClientOptions } from './client.js';
export { EndUserClient, type EndUserClientOptions } from './end-user-client.js';
export type { ClientOptions, RequestOptions } from './core/request-options.js';
export {
  PartnerwebError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  PreconditionFailedError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  type ProblemDetails,
  type ProblemCode,
  type InvalidField,
} from './core/errors.js';
export { Page, PagePromise, type PageBody } from './core/pagination.js';
export type { OrderChangeOptions } from './resources/orders.js';
export type { ExportOptions, Report } from './resources/reports.js';
export type { EventFollower, EventListQuery, EventType, FollowOptions } from './resources/events.js';
export type {
  ApiClient,
  ApiClientKey,
  ApiClientRequest,
  ApiClientWithSecret,
  PublicJwk,
} from './resources/api-clients.js';
export {
  ScimUsers,
  SCIM_USER_SCHEMA,
  SCIM_PARTNERWEB_USER_SCHEMA,
  type CreatedScimToken,
  type RevokedCard,
  type RosterMember,
  type ScimPatchOperation,
  type ScimToken,
  type ScimTokenRequest,
  type ScimUser,
  type ScimUserInput,
} from './resources/roster.js';
export type { ApprovalPolicy, ApprovalPolicyUpdate } from './resources/approval-policies.js';
export {
  createClientAssertion,
  fetchTokenWithPrivateKey,
  TokenRequestError,
  CLIENT_ASSERTION_TYPE,
  type ClientAssertionOptions,
  type PrivateJwk,
  type PrivateKeyTokenOptions,
  type SigningAlgorithm,
  type TokenResponse,
} from './private-key-jwt.js';
export { verifyWebhook, WebhookVerificationError, type WebhookHeaders } from './webhooks/verify.js';
export type * from './webhooks/event-types.js';
export type * from './types.js';
export type { components, operations, paths } from './schema.js';
export { VERSION } from './version.js';
