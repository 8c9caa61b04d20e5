import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import type { CryptoKey, JWK, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { createApp } from '../src/app';
import { loadJose } from '../src/auth/jose';
import { MaskinportenTokens } from '../src/auth/maskinporten';
import { loadConfig } from '../src/config';
import { ctx } from './support/context';
import { pendingOrder, partnerId, tokenFor } from './support/fixtures';

const SCOPE_PREFIX = 'buypass:partnerweb/';

/**
 * A stand-in for Maskinporten: an HTTP server with its JWKS and metadata, and the private key it signs access
 * tokens with, shaped as Maskinporten's are (consumer, client_id, scope).
 */
class LocalAuthorisationServer {
  private server?: http.Server;
  private privateKey?: CryptoKey;
  private jwk?: JWK;
  issuer = '';
  jwksUrl = '';
  jwksRequests = 0;

  async start(): Promise<this> {
    const jose = await loadJose();
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.jwk = { ...(await jose.exportJWK(publicKey)), kid: 'mp-1', alg: 'RS256', use: 'sig' };
    this.server = http.createServer((req, res) => {
      if (req.url === '/jwk') {
        this.jwksRequests++;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ keys: [this.jwk] }));
      } else if (req.url === '/.well-known/oauth-authorization-server') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: this.jwksUrl, token_endpoint: `${this.issuer}token` }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    this.issuer = base;
    this.jwksUrl = `${base}jwk`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** An access token for the organisation, as Maskinporten issues one; `claims` override. */
  async token(
    organisationNumber: string,
    scope: string,
    claims: JWTPayload = {},
    signWith?: CryptoKey,
  ): Promise<string> {
    const jose = await loadJose();
    const now = Math.floor(ctx().clock.now().getTime() / 1000);
    return new jose.SignJWT({
      scope,
      client_id: 'f0b1c0de-5eed-4a11-9a55-000000000001',
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${organisationNumber}` },
      token_type: 'Bearer',
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'mp-1' })
      .setIssuer((claims.iss as string) ?? this.issuer)
      .setIssuedAt(now)
      .setExpirationTime((claims.exp as number) ?? now + 120)
      .sign(signWith ?? this.privateKey!);
  }
}

async function organisationNumberOf(partner: 'nordlys' | 'fjordheim'): Promise<string> {
  const [row] = await ctx().dataSource.query(`SELECT organisation_number FROM partner WHERE id = $1`, [
    await partnerId(partner),
  ]);
  return row.organisation_number;
}

/** Issue 10 part 6: access tokens from Maskinporten, mapped to the partner by organisation number. */
describe('access tokens from Maskinporten', () => {
  let maskinporten: LocalAuthorisationServer;
  let app: Express;
  let nordlysOrg: string;

  before(async () => {
    ctx().clock.set(new Date('2026-12-03T10:00:00Z'));
    maskinporten = await new LocalAuthorisationServer().start();
    const config = loadConfig({
      NODE_ENV: 'test',
      MASKINPORTEN_ISSUER: maskinporten.issuer,
      MASKINPORTEN_JWKS_URL: maskinporten.jwksUrl,
      MASKINPORTEN_SCOPE_PREFIX: SCOPE_PREFIX,
    }).maskinporten!;
    const services = ctx().services;
    // The test run's app with Maskinporten configured: the same services, database and clock.
    app = createApp({ ...services, maskinporten: new MaskinportenTokens(config, services.dataSource, services.clock) });
    nordlysOrg = await organisationNumberOf('nordlys');
  });
  after(async () => {
    ctx().clock.reset();
    await maskinporten.stop();
  });

  const get = (token: string, url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`);

  it('maps the consumer organisation number to the partner, and the prefixed scopes to ours', async () => {
    const ours = await pendingOrder('nordlys', { company: 'Maskinporten-test' });
    const theirs = await pendingOrder('fjordheim', { company: 'Maskinporten-test' });
    const token = await maskinporten.token(
      nordlysOrg,
      `${SCOPE_PREFIX}orders.read other:scope ${SCOPE_PREFIX}no-such.scope`,
    );
    const list = await get(token, '/v1/orders?status=pending&q=Maskinporten-test&limit=100');
    assert.equal(list.status, 200, list.text);
    const ids = list.body.data.map((o: { id: string }) => o.id);
    assert.ok(ids.includes(ours.id));
    assert.ok(!ids.includes(theirs.id), 'another partner’s order is not listed');
    assert.equal((await get(token, `/v1/orders/${theirs.id}`)).status, 404);

    const approve = await request(app).post(`/v1/orders/${ours.id}/approve`).set('Authorization', `Bearer ${token}`);
    assert.equal(approve.status, 403);
    assert.equal(approve.body.code, 'insufficient-scope');
    assert.equal((await get(token, '/v1/end-users')).status, 403);
  });

  it('acts with the Maskinporten client as the audited actor', async () => {
    const order = await pendingOrder('nordlys');
    const token = await maskinporten.token(nordlysOrg, `${SCOPE_PREFIX}orders.read ${SCOPE_PREFIX}orders.write`);
    const approved = await request(app).post(`/v1/orders/${order.id}/approve`).set('Authorization', `Bearer ${token}`);
    assert.equal(approved.status, 200, approved.text);
    const [event] = await ctx().dataSource.query(
      `SELECT actor_type, actor_id FROM audit_event WHERE subject_id = $1 AND action = 'approved'`,
      [order.id],
    );
    assert.deepEqual(event, {
      actor_type: 'api_client',
      actor_id: 'maskinporten:f0b1c0de-5eed-4a11-9a55-000000000001',
    });
  });

  const refusals: Array<[string, (s: LocalAuthorisationServer) => Promise<string>, RegExp]> = [
    [
      'an organisation no partner has',
      (s) => s.token('999999999', `${SCOPE_PREFIX}orders.read`),
      /No partner is registered with organisation number 999999999/,
    ],
    [
      'no consumer',
      (s) => s.token(nordlysOrg, `${SCOPE_PREFIX}orders.read`, { consumer: undefined }),
      /no consumer organisation number/,
    ],
    [
      'a consumer of another authority',
      (s) =>
        s.token(nordlysOrg, `${SCOPE_PREFIX}orders.read`, {
          consumer: { authority: 'other', ID: `0192:${nordlysOrg}` },
        }),
      /no consumer/,
    ],
    [
      'an expired token',
      (s) =>
        s.token(nordlysOrg, `${SCOPE_PREFIX}orders.read`, { exp: Math.floor(ctx().clock.now().getTime() / 1000) - 10 }),
      /"exp" claim/,
    ],
    [
      'a token signed by a key not in its JWKS',
      async (s) =>
        s.token(
          nordlysOrg,
          `${SCOPE_PREFIX}orders.read`,
          {},
          (await (await loadJose()).generateKeyPair('RS256')).privateKey,
        ),
      /signature verification failed/,
    ],
    [
      'a token of another issuer',
      (s) => s.token(nordlysOrg, `${SCOPE_PREFIX}orders.read`, { iss: 'https://elsewhere.example/' }),
      /access token/,
    ],
  ];
  for (const [what, make, detail] of refusals) {
    it(`refuses ${what} with 401`, async () => {
      const res = await get(await make(maskinporten), '/v1/orders');
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.code, 'unauthenticated');
      assert.match(res.headers['www-authenticate'], /^Bearer/);
      assert.match(res.body.detail, detail);
    });
  }

  it('keeps our own tokens working beside them, and fetches the JWKS once for many calls', async () => {
    const own = await tokenFor('nordlys');
    assert.equal((await get(own, '/v1/orders?limit=1')).status, 200);
    const before = maskinporten.jwksRequests;
    const token = await maskinporten.token(nordlysOrg, `${SCOPE_PREFIX}orders.read`);
    for (let i = 0; i < 5; i++) assert.equal((await get(token, '/v1/orders?limit=1')).status, 200);
    assert.ok(maskinporten.jwksRequests - before <= 1, `fetched the JWKS ${maskinporten.jwksRequests - before} times`);
  });

  it('is refused where Maskinporten is not configured', async () => {
    const token = await maskinporten.token(nordlysOrg, `${SCOPE_PREFIX}orders.read`);
    const res = await request(ctx().app).get('/v1/orders').set('Authorization', `Bearer ${token}`);
    assert.equal(res.status, 401);
  });

  it('takes its settings all together or not at all', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).maskinporten, undefined);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', MASKINPORTEN_ISSUER: 'https://maskinporten.no/' }),
      /go together/,
    );
    const full = loadConfig({
      NODE_ENV: 'test',
      MASKINPORTEN_ISSUER: 'https://maskinporten.no/',
      MASKINPORTEN_JWKS_URL: 'https://maskinporten.no/jwk',
      MASKINPORTEN_SCOPE_PREFIX: 'buypass:partnerweb/',
      MASKINPORTEN_AUDIENCE: 'https://partnerweb.example/',
    });
    assert.deepEqual(full.maskinporten, {
      issuer: 'https://maskinporten.no/',
      jwksUrl: 'https://maskinporten.no/jwk',
      scopePrefix: 'buypass:partnerweb/',
      audience: 'https://partnerweb.example/',
    });
  });
});
