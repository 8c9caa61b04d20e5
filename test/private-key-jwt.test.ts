import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import {
  APIConnectionError,
  APIError,
  fetchTokenWithPrivateKey,
  PartnerwebError,
  TokenRequestError,
} from '@partnerweb/sdk';
import { CLIENT_ASSERTION_TYPE } from '../src/auth/client-assertion';
import { loadConfig } from '../src/config';
import { loadJose } from '../src/auth/jose';
import { assertion, newKey, newKeyClient, nowSeconds, tokenRequest, type TestKey } from './support/client-keys';
import { ctx } from './support/context';
import { as, partnerId } from './support/fixtures';
import { freePort } from './support/test-database';

/** Issue 10 part 5: RFC 7523 private_key_jwt at the token endpoint. */
describe('client authentication with keys (private_key_jwt)', () => {
  let key: TestKey;
  let client: { id: string; clientId: string };

  before(async () => {
    ctx().clock.set(new Date('2026-12-01T09:00:00Z'));
    key = await newKey('ES256');
    client = await newKeyClient('nordlys', [key]);
  });
  after(() => ctx().clock.reset());

  const refusedWith = async (res: request.Response, detail: RegExp) => {
    assert.equal(res.status, 401, res.text);
    assert.match(res.headers['content-type'], /^application\/problem\+json/);
    assert.equal(res.body.code, 'invalid-client');
    assert.match(res.body.detail, detail);
    assert.equal(res.body.access_token, undefined);
  };

  it('issues a token for an ES256 assertion with the issuer as audience; the token acts for the partner', async () => {
    const res = await tokenRequest(await assertion(client.clientId, key));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    const claims = jwt.decode(res.body.access_token) as jwt.JwtPayload;
    assert.equal(claims.partner_id, await partnerId('nordlys'));
    assert.equal(claims.client, client.clientId);
    const orders = await request(ctx().app)
      .get('/v1/orders?limit=1')
      .set('Authorization', `Bearer ${res.body.access_token}`);
    assert.equal(orders.status, 200);
  });

  it('accepts the token endpoint URL as audience, RS256 and PS256 keys, a client_id that matches, and a narrower scope', async () => {
    const rsa = await newKey('RS256');
    const pss = await newKey('PS256');
    const rotated = await newKeyClient('nordlys', [rsa, pss]);
    const viaUrl = await tokenRequest(
      await assertion(rotated.clientId, rsa, { aud: 'http://localhost:3000/oauth/token' }),
      {
        client_id: rotated.clientId,
        scope: 'orders:read',
      },
    );
    assert.equal(viaUrl.status, 200, viaUrl.text);
    assert.equal(viaUrl.body.scope, 'orders:read');
    assert.equal((await tokenRequest(await assertion(rotated.clientId, pss))).status, 200);
  });

  it('refuses a replayed assertion: each jti is used once', async () => {
    const once = await assertion(client.clientId, key);
    assert.equal((await tokenRequest(once)).status, 200);
    await refusedWith(await tokenRequest(once), /jti was used before/);
    // The same jti in a new assertion is a replay too.
    const jti = randomUUID();
    assert.equal((await tokenRequest(await assertion(client.clientId, key, { jti }))).status, 200);
    await refusedWith(await tokenRequest(await assertion(client.clientId, key, { jti })), /jti was used before/);
  });

  it('refuses two concurrent uses of one assertion but one', async () => {
    const once = await assertion(client.clientId, key);
    const answers = await Promise.all([tokenRequest(once), tokenRequest(once), tokenRequest(once)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401, 401]);
  });

  const refusals: Array<[string, (k: TestKey, other: TestKey) => Promise<string>, RegExp]> = [
    ['a lifetime over 120 s', (k) => assertion(client.clientId, k, { exp: nowSeconds() + 300 }), /at most 120 seconds/],
    [
      'an expired assertion',
      (k) => assertion(client.clientId, k, { iat: nowSeconds() - 120, exp: nowSeconds() - 60 }),
      /"exp" claim/,
    ],
    ['another audience', (k) => assertion(client.clientId, k, { aud: 'https://maskinporten.no/' }), /"aud" claim/],
    ['sub other than the client', (k) => assertion(client.clientId, k, { sub: 'demo-nordlys' }), /"sub" claim/],
    ['no jti', (k) => assertion(client.clientId, k, { jti: undefined }), /"jti" claim/],
    ['an unknown kid', (k) => assertion(client.clientId, k, {}, { kid: 'nobody' }), /no key with this kid/],
    ['an unknown client', (k) => assertion('no-such-client', k), /unknown client id/],
    [
      'a signature by another key under the registered kid',
      (k, other) => assertion(client.clientId, { ...other, kid: k.kid }),
      /signature verification failed/,
    ],
    [
      'an algorithm other than the key’s',
      async (k) =>
        (await assertion(client.clientId, k)).replace(
          /^[^.]+/,
          Buffer.from(JSON.stringify({ alg: 'ES384', kid: k.kid })).toString('base64url'),
        ),
      /does not sign with ES384/,
    ],
  ];
  for (const [what, make, detail] of refusals) {
    it(`refuses ${what}`, async () => {
      await refusedWith(await tokenRequest(await make(key, await newKey('ES256'))), detail);
    });
  }

  it('refuses HS256 and unsigned assertions: asymmetric algorithms only', async () => {
    const hs = jwt.sign({ jti: randomUUID() }, 'a-shared-secret-that-is-long-enough-0123456789', {
      algorithm: 'HS256',
      issuer: client.clientId,
      subject: client.clientId,
      audience: 'partnerweb',
      expiresIn: 60,
      keyid: key.kid,
    });
    await refusedWith(await tokenRequest(hs), /alg must be one of/);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: key.kid })).toString('base64url')}.${Buffer.from(
      JSON.stringify({
        iss: client.clientId,
        sub: client.clientId,
        aud: 'partnerweb',
        exp: nowSeconds() + 60,
        jti: randomUUID(),
      }),
    ).toString('base64url')}.`;
    await refusedWith(await tokenRequest(none), /alg must be one of/);
    await refusedWith(await tokenRequest('not-a-jwt'), /not a JWT/);
  });

  it('names the field when the assertion type is wrong or the client_id differs from iss', async () => {
    const wrongType = await request(ctx().app)
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:other',
        client_assertion: await assertion(client.clientId, key),
      });
    assert.equal(wrongType.status, 401);
    assert.equal(wrongType.body.errors[0].field, 'client_assertion_type');
    await refusedWith(
      await tokenRequest(await assertion(client.clientId, key), { client_id: 'demo-nordlys' }),
      /client_id and the assertion/,
    );
  });

  it('refuses an assertion sent together with a secret: one authentication method per request', async () => {
    const both = await tokenRequest(await assertion(client.clientId, key)).auth('demo-nordlys', 'nordlys-demo-secret');
    await refusedWith(both, /one way only/);
    await refusedWith(
      await tokenRequest(await assertion(client.clientId, key), { client_secret: 'x' }),
      /one way only/,
    );
  });

  it('rotates: two keys registered at once both work; a removed key no longer does, the other still does', async () => {
    const current = await newKey('ES256');
    const next = await newKey('ES384');
    const rotating = await newKeyClient('fjordheim', [current]);
    const partner = await as('fjordheim');
    const added = await partner
      .post(`/v1/api-clients/${rotating.id}/keys`)
      .send({ keys: [next.publicJwk] })
      .expect(201);
    assert.deepEqual(
      added.body.data.map((k: { kid: string }) => k.kid),
      [next.kid],
    );
    assert.equal((await tokenRequest(await assertion(rotating.clientId, current))).status, 200);
    assert.equal((await tokenRequest(await assertion(rotating.clientId, next))).status, 200);
    await partner.delete(`/v1/api-clients/${rotating.id}/keys/${encodeURIComponent(current.kid)}`).expect(204);
    await refusedWith(await tokenRequest(await assertion(rotating.clientId, current)), /no key with this kid/);
    assert.equal((await tokenRequest(await assertion(rotating.clientId, next))).status, 200);
    const listed = await partner.get(`/v1/api-clients/${rotating.id}/keys`).expect(200);
    assert.deepEqual(
      listed.body.data.map((k: { kid: string }) => k.kid),
      [next.kid],
    );
    assert.ok(listed.body.data[0].lastUsedAt, 'the key records its last use');
  });

  it('refuses every assertion of a revoked client', async () => {
    const doomedKey = await newKey('ES256');
    const doomed = await newKeyClient('nordlys', [doomedKey]);
    assert.equal((await tokenRequest(await assertion(doomed.clientId, doomedKey))).status, 200);
    await (await as('nordlys')).delete(`/v1/api-clients/${doomed.id}`).expect(204);
    await refusedWith(await tokenRequest(await assertion(doomed.clientId, doomedKey)), /revoked client/);
  });

  it('refuses to register a private key, a symmetric key, a short RSA key or a key whose alg does not fit', async () => {
    const jose = await loadJose();
    const partner = await as('nordlys');
    const privateJwk = { ...(await jose.exportJWK(key.privateKey)), kid: 'private' };
    const cases: Array<[object, RegExp]> = [
      [privateJwk, /d|private/],
      [{ kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' }, /kty|private|k/],
      [{ ...(await newKey('RS256')).publicJwk, n: 'AQAB'.repeat(20) }, /2048 bits/],
      [{ ...key.publicJwk, kid: 'ec-as-rsa', alg: 'RS256' }, /does not fit/],
      [{ ...key.publicJwk, kid: 'off-curve', x: key.publicJwk.y }, /not a usable public key/],
    ];
    for (const [jwk, message] of cases) {
      const res = await partner.post(`/v1/api-clients/${client.id}/keys`).send({ keys: [jwk] });
      assert.equal(res.status, 400, `${JSON.stringify(jwk)}: ${res.text}`);
      assert.match(res.headers['content-type'], /^application\/problem\+json/);
      assert.match(res.body.errors[0].field, /keys/);
      assert.match(JSON.stringify(res.body.errors), message);
    }
    const duplicate = await partner.post(`/v1/api-clients/${client.id}/keys`).send({ keys: [key.publicJwk] });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'key-id-taken');
  });

  describe('the SDK helper', () => {
    let server: Server;
    let tokenUrl: string;
    before((done) => {
      server = ctx().app.listen(0, '127.0.0.1', () => {
        tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
        done();
      });
    });
    after((done) => {
      server.close(() => done());
    });

    it('gets a token with a PKCS#8 PEM and with a private JWK', async () => {
      const jose = await loadJose();
      const rsa = await newKey('RS256');
      const ec = await newKey('ES256');
      const sdkClient = await newKeyClient('nordlys', [rsa, ec]);
      const now = () => ctx().clock.now().getTime();
      const pem = await jose.exportPKCS8(rsa.privateKey);
      const viaPem = await fetchTokenWithPrivateKey({
        tokenUrl,
        audience: 'partnerweb',
        clientId: sdkClient.clientId,
        privateKey: pem,
        keyId: rsa.kid,
        now,
      });
      assert.equal(viaPem.token_type, 'Bearer');
      assert.equal((jwt.decode(viaPem.access_token) as jwt.JwtPayload).client, sdkClient.clientId);
      const privateJwk = { ...(await jose.exportJWK(ec.privateKey)), kid: ec.kid };
      const viaJwk = await fetchTokenWithPrivateKey({
        tokenUrl,
        audience: 'partnerweb',
        clientId: sdkClient.clientId,
        privateKey: privateJwk,
        scope: 'orders:read',
        now,
      });
      assert.equal(viaJwk.scope, 'orders:read');
      await assert.rejects(
        fetchTokenWithPrivateKey({
          tokenUrl,
          audience: 'https://elsewhere.example/token',
          clientId: sdkClient.clientId,
          privateKey: privateJwk,
          now,
        }),
        (error: unknown) =>
          // One of the SDK's typed errors: an APIError with the status, code, request id and the whole problem.
          error instanceof TokenRequestError &&
          error instanceof APIError &&
          error instanceof PartnerwebError &&
          error.status === 401 &&
          error.code === 'invalid-client' &&
          error.problem?.type === '/problems/invalid-client' &&
          typeof error.requestId === 'string' &&
          error.requestId === error.headers.get('request-id'),
      );
      // No answer at all (nothing listens there): the SDK's connection error, not a bare fetch TypeError.
      await assert.rejects(
        fetchTokenWithPrivateKey({
          tokenUrl: `http://127.0.0.1:${await freePort()}/oauth/token`,
          clientId: sdkClient.clientId,
          privateKey: privateJwk,
          now,
        }),
        (error: unknown) => error instanceof APIConnectionError && error.status === undefined,
      );
    });
  });

  it('takes the token endpoint URL (an accepted audience) from PUBLIC_BASE_URL, or localhost and PORT', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test', PORT: '8080' }).publicBaseUrl, 'http://localhost:8080');
    assert.equal(
      loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://partnerweb.example/' }).publicBaseUrl,
      'https://partnerweb.example',
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'partnerweb.example' }),
      /PUBLIC_BASE_URL must be/,
    );
  });

  it('keeps client secrets working beside keys', async () => {
    const res = await request(ctx().app)
      .post('/oauth/token')
      .auth('demo-nordlys', 'nordlys-demo-secret')
      .type('form')
      .send({ grant_type: 'client_credentials' });
    assert.equal(res.status, 200);
    assert.ok(CLIENT_ASSERTION_TYPE.startsWith('urn:ietf:params:oauth'));
  });
});
