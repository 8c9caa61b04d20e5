/**
 * Client authentication with a private key (RFC 7523 `private_key_jwt`, as Maskinporten and HelseID use it):
 * a short-lived JWT signed with your private key stands in for a client secret. Web Crypto only, no Node
 * built-ins, so it runs in Node 20+ and in browsers alike.
 */

import { APIConnectionError, APIError, type ProblemDetails } from './core/errors.js';

/** The `client_assertion_type` the token endpoint expects with a client assertion. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Asymmetric JWS algorithms; the server accepts no others. */
export type SigningAlgorithm =
  'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/** A private key as a JSON Web Key (what `jose`'s exportJWK or `openssl`-converted keys give). */
export interface PrivateJwk {
  kty?: string;
  kid?: string;
  alg?: string;
  crv?: string;
  [member: string]: unknown;
}

export interface ClientAssertionOptions {
  /** Your client id: the assertion's `iss` and `sub`. */
  clientId: string;
  /** The token endpoint URL (e.g. `https://partnerweb.example/oauth/token`), or the issuer name `partnerweb`. */
  audience: string;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) or a private JWK. */
  privateKey: string | PrivateJwk;
  /** The `kid` you registered the public key under; defaults to the JWK's `kid`. */
  keyId?: string;
  /** Defaults to the JWK's `alg`, else RS256 for RSA, ES256/ES384/ES512 by curve, EdDSA for Ed25519. */
  algorithm?: SigningAlgorithm;
  /** Seconds until the assertion expires: 60 unless given; the server accepts at most 120. */
  lifetimeSeconds?: number;
  /** Milliseconds since the epoch; `Date.now` unless given. */
  now?: () => number;
}

const HASH: Record<string, string> = { '256': 'SHA-256', '384': 'SHA-384', '512': 'SHA-512' };
const CURVE_ALGORITHM: Record<string, SigningAlgorithm> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'EdDSA',
};
const ALGORITHM_CURVE: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** Web Crypto's import and sign parameters for a JWS algorithm. */
function webCrypto(alg: SigningAlgorithm): { importAs: Record<string, unknown>; signAs: Record<string, unknown> } {
  const bits = alg.slice(2);
  if (alg.startsWith('RS'))
    return { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: HASH[bits] }, signAs: { name: 'RSASSA-PKCS1-v1_5' } };
  if (alg.startsWith('PS'))
    return {
      importAs: { name: 'RSA-PSS', hash: HASH[bits] },
      signAs: { name: 'RSA-PSS', saltLength: Number(bits) / 8 },
    };
  if (alg.startsWith('ES'))
    return {
      importAs: { name: 'ECDSA', namedCurve: ALGORITHM_CURVE[alg] },
      signAs: { name: 'ECDSA', hash: HASH[bits] },
    };
  if (alg === 'EdDSA') return { importAs: { name: 'Ed25519' }, signAs: { name: 'Ed25519' } };
  throw new Error(`unsupported algorithm ${String(alg)}: use RS*, PS*, ES* or EdDSA`);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function utf8Base64url(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

function pemBody(pem: string): Uint8Array {
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new Error(
      'the PEM must be PKCS#8 ("BEGIN PRIVATE KEY"); convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem',
    );
  }
  const base64 = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function defaultAlgorithm(jwk: PrivateJwk): SigningAlgorithm {
  if (typeof jwk.alg === 'string') return jwk.alg as SigningAlgorithm;
  if (jwk.kty === 'RSA') return 'RS256';
  const alg = CURVE_ALGORITHM[jwk.crv ?? ''];
  if (!alg) throw new Error(`no algorithm for a ${jwk.kty} key on curve ${String(jwk.crv)}`);
  return alg;
}

/** The private key as a Web Crypto signing key, with the algorithm it signs with. */
async function signingKey(
  privateKey: string | PrivateJwk,
  wanted?: SigningAlgorithm,
): Promise<{ key: unknown; alg: SigningAlgorithm }> {
  const subtle = globalThis.crypto.subtle;
  if (typeof privateKey !== 'string') {
    const alg = wanted ?? defaultAlgorithm(privateKey);
    // Web Crypto refuses a JWK whose alg, use or key_ops differ from the import's: import the key material only.
    const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...material } = privateKey;
    return {
      key: await subtle.importKey('jwk', material as never, webCrypto(alg).importAs as never, false, ['sign']),
      alg,
    };
  }
  const der = pemBody(privateKey);
  // A PKCS#8 PEM does not say its key type: try the algorithm asked for, or each family in turn.
  const candidates: SigningAlgorithm[] = wanted ? [wanted] : ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'];
  for (const alg of candidates) {
    try {
      return {
        key: await subtle.importKey('pkcs8', der as never, webCrypto(alg).importAs as never, false, ['sign']),
        alg,
      };
    } catch (error) {
      if (wanted) throw error;
    }
  }
  throw new Error('the PEM holds no RSA, EC (P-256, P-384, P-521) or Ed25519 private key');
}

/** A client assertion (a signed JWT) for one token request: iss = sub = client id, aud, a new jti, short exp. */
export async function createClientAssertion(options: ClientAssertionOptions): Promise<string> {
  const { key, alg } = await signingKey(options.privateKey, options.algorithm);
  const kid = options.keyId ?? (typeof options.privateKey === 'string' ? undefined : options.privateKey.kid);
  if (!kid) throw new Error('keyId is needed: the kid you registered the public key under');
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const header = { alg, kid, typ: 'JWT' };
  const claims = {
    iss: options.clientId,
    sub: options.clientId,
    aud: options.audience,
    iat,
    exp: iat + Math.min(options.lifetimeSeconds ?? 60, 120),
    jti: globalThis.crypto.randomUUID(),
  };
  const signingInput = `${utf8Base64url(header)}.${utf8Base64url(claims)}`;
  const signature = await globalThis.crypto.subtle.sign(
    webCrypto(alg).signAs as never,
    key as never,
    new TextEncoder().encode(signingInput),
  );
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}

/** The token endpoint's answer (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * The token endpoint refused (or answered without a token): an `APIError` like every answered error of the SDK, with
 * `status`, `code` (e.g. `invalid-client`), `requestId`, the problem details and the headers.
 */
export class TokenRequestError extends APIError {
  override name = 'TokenRequestError';
  constructor(status: number, problem: ProblemDetails | undefined, headers: Headers) {
    super(status, problem, headers);
    this.message = `token request failed: ${this.message}`;
  }
}

export interface PrivateKeyTokenOptions extends Omit<ClientAssertionOptions, 'audience'> {
  /** The token endpoint, e.g. `http://localhost:3000/oauth/token`. */
  tokenUrl: string;
  /** The assertion's `aud`; the token endpoint URL unless given. */
  audience?: string;
  /** Fewer scopes than the client has, space-separated. */
  scope?: string;
  fetch?: typeof fetch;
}

/** Gets an access token with a fresh client assertion (client credentials grant, RFC 7523 client authentication). */
export async function fetchTokenWithPrivateKey(options: PrivateKeyTokenOptions): Promise<TokenResponse> {
  const assertion = await createClientAssertion({ ...options, audience: options.audience ?? options.tokenUrl });
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
  });
  if (options.scope) form.set('scope', options.scope);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(options.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
    });
  } catch (cause) {
    throw new APIConnectionError(`token request to ${options.tokenUrl} failed`, cause);
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok || typeof body?.access_token !== 'string') {
    const problem = body && typeof body.status === 'number' ? (body as unknown as ProblemDetails) : undefined;
    throw new TokenRequestError(response.status, problem, response.headers);
  }
  return body as unknown as TokenResponse;
}
