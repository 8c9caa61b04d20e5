import { Problem } from '../common/problem';
import { loadJose } from './jose';

/**
 * The algorithms a client assertion may be signed with: asymmetric only (RFC 8725 §3.1), so that what we store
 * can never sign anything; never `none` or HMAC.
 */
export type AssertionAlgorithm =
  'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';
export const ASSERTION_ALGORITHMS: readonly AssertionAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/**
 * A public key as a JSON Web Key (RFC 7517): RSA (2048 bits or more), EC (P-256, P-384, P-521) or OKP (Ed25519).
 * Send only the public members; a private member (`d`, `p`, `q`, ...) is refused.
 * @example { "kty": "EC", "kid": "2026-11-epj", "crv": "P-256", "alg": "ES256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0" }
 */
export interface PublicJwk {
  /** The key type. */
  kty: 'RSA' | 'EC' | 'OKP';
  /** Your name for this key; the assertion's header carries it as `kid`. @minLength 1 @maxLength 200 @pattern ^[\x21-\x7E]+$ */
  kid: string;
  /** The one algorithm this key signs with, when you want to pin it. */
  alg?: 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';
  /** Must be `sig` when present. */
  use?: 'sig';
  /** EC and OKP: the curve. */
  crv?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519';
  /** EC and OKP: the public point's x (base64url). @maxLength 200 @pattern ^[A-Za-z0-9_-]+$ */
  x?: string;
  /** EC: the public point's y (base64url). @maxLength 200 @pattern ^[A-Za-z0-9_-]+$ */
  y?: string;
  /** RSA: the modulus (base64url). @maxLength 1400 @pattern ^[A-Za-z0-9_-]+$ */
  n?: string;
  /** RSA: the public exponent (base64url). @maxLength 20 @pattern ^[A-Za-z0-9_-]+$ */
  e?: string;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const CURVE_ALGORITHM: Record<string, AssertionAlgorithm> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'EdDSA',
};

/** Whether the key type can sign with the algorithm (an EC key's curve fixes its one algorithm). */
export function keyFitsAlgorithm(jwk: PublicJwk, alg: string): boolean {
  if (jwk.kty === 'RSA') return /^(RS|PS)(256|384|512)$/.test(alg);
  return CURVE_ALGORITHM[jwk.crv ?? ''] === alg;
}

/**
 * Checks a submitted key and returns what is stored of it: its public members only. `field` names it in the
 * problem (`keys[0]`). The key is imported once, so a point off its curve or a broken modulus is refused here.
 */
export async function publicJwk(value: PublicJwk, field: string): Promise<PublicJwk> {
  const invalid = (message: string) => Problem.invalid(field, message);
  const raw = value as unknown as Record<string, unknown>;
  if (PRIVATE_MEMBERS.some((m) => raw[m] !== undefined))
    throw invalid('is a private or secret key; send the public key only and keep the private key to yourself');
  if (typeof value.kid !== 'string' || !/^[\x21-\x7E]{1,200}$/.test(value.kid))
    throw invalid('needs a kid of 1 to 200 printable ASCII characters');
  if (value.use !== undefined && value.use !== 'sig') throw invalid('use must be sig');
  let stored: PublicJwk;
  if (value.kty === 'RSA') {
    if (!value.n || !value.e) throw invalid('an RSA key needs n and e');
    // base64url: 4 characters per 3 bytes; 2048 bits are 256 bytes.
    if (Math.floor((value.n.length * 3) / 4) < 256) throw invalid('an RSA key must have at least 2048 bits');
    stored = { kty: 'RSA', kid: value.kid, n: value.n, e: value.e };
  } else if (value.kty === 'EC') {
    if (!value.crv || !['P-256', 'P-384', 'P-521'].includes(value.crv) || !value.x || !value.y)
      throw invalid('an EC key needs crv (P-256, P-384 or P-521), x and y');
    stored = { kty: 'EC', kid: value.kid, crv: value.crv, x: value.x, y: value.y };
  } else if (value.kty === 'OKP') {
    if (value.crv !== 'Ed25519' || !value.x) throw invalid('an OKP key needs crv Ed25519 and x');
    stored = { kty: 'OKP', kid: value.kid, crv: 'Ed25519', x: value.x };
  } else {
    throw invalid('kty must be RSA, EC or OKP: keys for asymmetric signatures only');
  }
  if (value.alg !== undefined && !keyFitsAlgorithm(stored, value.alg))
    throw invalid(`alg ${value.alg} does not fit this ${stored.kty} key`);
  const alg = value.alg ?? (stored.kty === 'RSA' ? 'RS256' : CURVE_ALGORITHM[stored.crv!]);
  try {
    await (await loadJose()).importJWK(stored, alg);
  } catch (error) {
    throw invalid(`is not a usable public key (${(error as Error).message})`);
  }
  return { ...stored, ...(value.alg ? { alg: value.alg } : {}), use: 'sig' };
}
