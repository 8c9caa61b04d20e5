import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { JWK, JWTPayload, CryptoKey } from 'jose' with { 'resolution-mode': 'import' };
import { CLIENT_ASSERTION_TYPE } from '../../src/auth/client-assertion';
import { loadJose } from '../../src/auth/jose';
import { ctx } from './context';
import { as, type DemoPartner } from './fixtures';

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  /** The public JWK as a partner registers it. */
  publicJwk: JWK;
}

/** A new key pair of the algorithm; the private key is extractable so that the SDK test can export it. */
export async function newKey(alg = 'ES256', kid = `key-${randomUUID()}`): Promise<TestKey> {
  const jose = await loadJose();
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await jose.exportJWK(publicKey)), kid } };
}

/** A new API client of the partner made through the credentials API, with these keys (and no secret). */
export async function newKeyClient(
  partner: DemoPartner,
  keys: TestKey[],
  scopes?: string[],
): Promise<{ id: string; clientId: string }> {
  const res = await (
    await as(partner)
  )
    .post('/v1/api-clients')
    .send({ name: `key client ${randomUUID()}`, keys: keys.map((k) => k.publicJwk), ...(scopes ? { scopes } : {}) })
    .expect(201);
  return { id: res.body.id, clientId: res.body.clientId };
}

/** Seconds since the epoch on the clock the API sees. */
export function nowSeconds(): number {
  return Math.floor(ctx().clock.now().getTime() / 1000);
}

/** A client assertion as RFC 7523 asks, signed with the key; `claims` and `header` override the defaults. */
export async function assertion(
  clientId: string,
  key: TestKey,
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const jose = await loadJose();
  const iat = nowSeconds();
  return new jose.SignJWT({ jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .setIssuer((claims.iss as string) ?? clientId)
    .setSubject((claims.sub as string) ?? clientId)
    .setAudience(claims.aud ?? 'partnerweb')
    .setIssuedAt(claims.iat ?? iat)
    .setExpirationTime(claims.exp ?? iat + 60)
    .sign(key.privateKey);
}

/** POST /oauth/token with the assertion, as a form. */
export function tokenRequest(clientAssertion: string, extra: Record<string, string> = {}) {
  return request(ctx().app)
    .post('/oauth/token')
    .type('form')
    .send({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: clientAssertion,
      ...extra,
    });
}
