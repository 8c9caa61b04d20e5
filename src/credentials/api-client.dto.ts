import type { PublicJwk } from '../auth/public-jwk';
import type { PartnerScope } from '../auth/scopes';

export type { PublicJwk };

/** A public key registered on an API client, as stored (public members only), with when it was last used. */
export interface ApiClientKey {
  /** The key's id; the client assertion's header names it. @maxLength 200 @pattern ^[\x21-\x7E]+$ */
  kid: string;
  jwk: PublicJwk;
  /** @format date-time @maxLength 40 */
  createdAt: string;
  /** When a token was last issued for an assertion signed with it; null if never. Written at most about once a minute. @format date-time @maxLength 40 */
  lastUsedAt: string | null;
}

/** An API client of yours: the machine credentials one of your systems gets tokens with. */
export interface ApiClientView {
  /** @format uuid @maxLength 36 */
  id: string;
  /** The client id sent to the token endpoint (the assertion's iss and sub). @maxLength 200 @pattern ^[\x21-\x7E]+$ */
  clientId: string;
  /** @maxLength 200 */
  name: string;
  /** The scopes its tokens may carry. @maxItems 20 */
  scopes: PartnerScope[];
  /** Whether it has a client secret (for development; keys are the way for production). */
  hasSecret: boolean;
  /** Its public keys for `private_key_jwt`. @maxItems 10 */
  keys: ApiClientKey[];
  /** `revoked`: it can no longer get tokens (tokens it has keep working until they expire, 15 minutes at most). */
  status: 'active' | 'revoked';
  /** @format date-time @maxLength 40 */
  createdAt: string;
  /** When it last got a token or made a call; null if never. Written at most about once a minute. @format date-time @maxLength 40 */
  lastUsedAt: string | null;
  /** @format date-time @maxLength 40 */
  revokedAt: string | null;
}

/** An API client with its new secret: shown this once, stored only as a hash. */
export interface ApiClientWithSecret extends ApiClientView {
  /** Keep it now: it is not shown again. Absent when no secret was asked for. @maxLength 100 @pattern ^[A-Za-z0-9_-]+$ */
  clientSecret?: string;
}

/** Your API clients, newest first. */
export interface ApiClientList {
  /** @maxItems 1000 */
  data: ApiClientView[];
}

/** A new API client. */
export interface ApiClientRequest {
  /** What it is for, e.g. the system that uses it. @minLength 1 @maxLength 200 @example "EPJ production" */
  name: string;
  /** The scopes it may have: at most those of the token that creates it. All of those when absent. @maxItems 20 */
  scopes?: PartnerScope[];
  /** Public keys to register at once, for `private_key_jwt`. @maxItems 10 */
  keys?: PublicJwk[];
  /** Make a client secret too (development). When absent: a secret only if no keys are given. */
  clientSecret?: boolean;
}

/** Public keys to add, as a JWK Set (RFC 7517 §5): several at once, for a rotation. */
export interface PublicKeySet {
  /**
   * The next key of a rotation (its `kid` differs from the key the client was made with in the example).
   * @minItems 1 @maxItems 10
   * @example [{ "kty": "EC", "kid": "2027-05-epj", "crv": "P-256", "alg": "ES256", "x": "xzorWdSWJErABTNYdFAAy2ZaCNnDKp7-h9pYxu-GtxA", "y": "mjSMuDuWO3lQ7nBcOKKyqYCcM_f5T59c_NzFkF8r0T0" }]
   */
  keys: PublicJwk[];
}

/** The client's public keys, as a JWK Set with when each was added and last used. */
export interface ApiClientKeyList {
  /** @maxItems 10 */
  data: ApiClientKey[];
}

/** A new client secret: shown this once. The previous secret stops working now. */
export interface ApiClientSecret {
  /** @maxLength 100 @pattern ^[A-Za-z0-9_-]+$ */
  clientSecret: string;
}
