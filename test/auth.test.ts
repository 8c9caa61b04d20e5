import { PARTNER_SCOPES } from '../src/auth/scopes';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { loadConfig, DEVELOPMENT_SIGNING_KEY } from '../src/config';
import { ctx } from './support/context';
import { as, pendingOrder } from './support/fixtures';

const tokenUrl = '/oauth/token';

describe('POST /oauth/token', () => {
  it('issues a bearer token for client id and secret by HTTP Basic', async () => {
    const res = await request(ctx().app)
      .post(tokenUrl)
      .auth('demo-nordlys', 'nordlys-demo-secret')
      .type('form')
      .send({ grant_type: 'client_credentials' });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.scope, Object.keys(PARTNER_SCOPES).join(' '));
    assert.match(res.body.scope, /^orders:read orders:write end-users:read /);
    const claims = jwt.decode(res.body.access_token) as jwt.JwtPayload;
    assert.ok(claims.partner_id);
    assert.ok(claims.exp! - claims.iat! <= 900);
  });

  it('accepts the credentials as form fields and as JSON', async () => {
    const form = await request(ctx().app)
      .post(tokenUrl)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'demo-fjordheim', client_secret: 'fjordheim-demo-secret' });
    assert.equal(form.status, 200);
    const json = await request(ctx().app)
      .post(tokenUrl)
      .send({ grant_type: 'client_credentials', client_id: 'demo-fjordheim', client_secret: 'fjordheim-demo-secret' });
    assert.equal(json.status, 200);
  });

  it('grants a requested subset of scopes, and refuses a scope the client lacks', async () => {
    const ok = await request(ctx().app)
      .post(tokenUrl)
      .auth('demo-nordlys', 'nordlys-demo-secret')
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'orders:read' });
    assert.equal(ok.body.scope, 'orders:read');
    const refused = await request(ctx().app)
      .post(tokenUrl)
      .auth('demo-nordlys', 'nordlys-demo-secret')
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'orders:read invoices:admin' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'invalid-scope');
    assert.equal(refused.body.errors[0].field, 'scope');
  });

  const failures: Array<[string, () => request.Test, number, string]> = [
    [
      'a wrong secret',
      () =>
        request(ctx().app)
          .post(tokenUrl)
          .auth('demo-nordlys', 'wrong')
          .type('form')
          .send({ grant_type: 'client_credentials' }),
      401,
      'invalid-client',
    ],
    [
      'an unknown client',
      () =>
        request(ctx().app)
          .post(tokenUrl)
          .auth('nobody', 'nordlys-demo-secret')
          .type('form')
          .send({ grant_type: 'client_credentials' }),
      401,
      'invalid-client',
    ],
    [
      'no credentials',
      () => request(ctx().app).post(tokenUrl).type('form').send({ grant_type: 'client_credentials' }),
      401,
      'invalid-client',
    ],
    [
      'another grant type',
      () =>
        request(ctx().app)
          .post(tokenUrl)
          .auth('demo-nordlys', 'nordlys-demo-secret')
          .type('form')
          .send({ grant_type: 'password' }),
      400,
      'unsupported-grant-type',
    ],
    [
      'no grant type',
      () => request(ctx().app).post(tokenUrl).auth('demo-nordlys', 'nordlys-demo-secret').type('form').send({}),
      400,
      'unsupported-grant-type',
    ],
  ];
  for (const [what, send, status, code] of failures) {
    it(`answers ${status} ${code} to ${what}, as problem+json without the secret`, async () => {
      const res = await send();
      assert.equal(res.status, status);
      assert.match(res.headers['content-type'], /^application\/problem\+json/);
      assert.equal(res.body.code, code);
      assert.ok(res.body.requestId);
      assert.doesNotMatch(res.text, /nordlys-demo-secret/);
    });
  }

  it('stores client secrets hashed, never in clear', async () => {
    // Clients that sign with keys only have no secret at all.
    const rows = await ctx().dataSource.query(`SELECT secret_hash FROM api_client WHERE secret_hash IS NOT NULL`);
    assert.ok(rows.length >= 2);
    for (const row of rows) {
      assert.match(row.secret_hash, /^scrypt\$/);
      assert.doesNotMatch(row.secret_hash, /demo-secret/);
    }
  });
});

describe('bearer tokens and scopes', () => {
  const claims = { partner_id: '00000000-0000-4000-8000-000000000000', client: 'x', scope: 'orders:read' };
  const badTokens: Array<[string, () => string]> = [
    ['none', () => ''],
    ['garbage', () => 'not-a-jwt'],
    [
      'signed with another key',
      () =>
        jwt.sign(claims, 'another-key-that-is-long-enough-0123456789', {
          subject: 'x',
          issuer: 'partnerweb',
          audience: 'partnerweb-api',
        }),
    ],
    [
      'expired',
      () =>
        jwt.sign(claims, DEVELOPMENT_SIGNING_KEY, {
          subject: 'x',
          issuer: 'partnerweb',
          audience: 'partnerweb-api',
          expiresIn: -10,
        }),
    ],
    [
      'for another audience',
      () => jwt.sign(claims, DEVELOPMENT_SIGNING_KEY, { subject: 'x', issuer: 'partnerweb', audience: 'other' }),
    ],
  ];
  for (const [what, token] of badTokens) {
    it(`answers 401 to a token that is ${what}`, async () => {
      const req = request(ctx().app).get('/v1/orders');
      const res = await (token() ? req.set('Authorization', `Bearer ${token()}`) : req);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'unauthenticated');
      assert.match(res.headers['www-authenticate'], /^Bearer/);
    });
  }

  it('a token that worked stops working when it expires (verified tokens are remembered only until exp)', async () => {
    const issued = await request(ctx().app)
      .post(tokenUrl)
      .auth('demo-nordlys', 'nordlys-demo-secret')
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const real = jwt.decode(issued.body.access_token) as jwt.JwtPayload;
    const shortLived = jwt.sign(
      { partner_id: real.partner_id, client: real.client, scope: 'orders:read' },
      DEVELOPMENT_SIGNING_KEY,
      {
        subject: real.sub,
        issuer: real.iss,
        audience: 'partnerweb-api',
        expiresIn: 5, // iat is rounded down: 5 s leaves at least 4 for the two calls, and the wait below is on the refusal
      },
    );
    const expiresAtMs = (jwt.decode(shortLived) as jwt.JwtPayload).exp! * 1000;
    const call = () => request(ctx().app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${shortLived}`);
    assert.equal((await call()).status, 200);
    assert.equal((await call()).status, 200, 'the second call, from the remembered verification');
    assert.ok(Date.now() < expiresAtMs, 'both calls came before exp (the machine is not that slow)');
    // Waits for the refusal instead of sleeping a guessed time; it must come, and not before exp.
    let late = await call();
    while (late.status === 200 && Date.now() < expiresAtMs + 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      late = await call();
    }
    assert.ok(Date.now() >= expiresAtMs, 'refused only once expired');
    assert.equal(late.status, 401);
    assert.match(late.body.detail, /expired/);
  });

  it('a token that worked is refused once a byte of it is changed', async () => {
    const issued = await request(ctx().app)
      .post(tokenUrl)
      .auth('demo-nordlys', 'nordlys-demo-secret')
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const token: string = issued.body.access_token;
    assert.equal(
      (await request(ctx().app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${token}`)).status,
      200,
    );
    const at = token.length - 10;
    const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    assert.equal(
      (await request(ctx().app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${tampered}`)).status,
      401,
    );
  });

  it('answers 403 insufficient-scope when a read-only token tries to approve', async () => {
    const order = await pendingOrder('nordlys');
    const reader = await as('nordlys', 'orders:read');
    await reader.get(`/v1/orders/${order.id}`).expect(200);
    const res = await reader.post(`/v1/orders/${order.id}/approve`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'insufficient-scope');
    assert.match(res.headers['www-authenticate'], /insufficient_scope/);
    const still = await reader.get(`/v1/orders/${order.id}`).expect(200);
    assert.equal(still.body.status, 'pending');
  });

  it('answers 403 on end users without end-users:read, and 403 on orders without orders:read', async () => {
    const ordersOnly = await as('nordlys', 'orders:read orders:write');
    assert.equal((await ordersOnly.get('/v1/end-users')).status, 403);
    const endUsersOnly = await as('nordlys', 'end-users:read');
    assert.equal((await endUsersOnly.get('/v1/orders')).status, 403);
  });
});

describe('configuration', () => {
  it('refuses to run in production on the development signing key', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@y/z' }),
      /development signing key/,
    );
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://x@y/z',
          JWT_SIGNING_KEY: DEVELOPMENT_SIGNING_KEY,
        }),
      /development signing key/,
    );
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@y/z',
      JWT_SIGNING_KEY: 'k'.repeat(40),
      WEBHOOK_SECRET_KEY: 'w'.repeat(40),
      NATIONAL_ID_HASH_KEY: 'n'.repeat(40),
    };
    assert.throws(() => loadConfig(production), /END_USER_ISSUER and END_USER_JWKS_URL/);
    const withIdp = {
      ...production,
      END_USER_ISSUER: 'https://idporten.example',
      END_USER_JWKS_URL: 'https://idporten.example/jwks',
    };
    assert.throws(() => loadConfig({ ...withIdp, WEBHOOK_SECRET_KEY: '' }), /WEBHOOK_SECRET_KEY/);
    assert.throws(() => loadConfig({ ...withIdp, NATIONAL_ID_HASH_KEY: '' }), /NATIONAL_ID_HASH_KEY/);
    assert.throws(
      () => loadConfig({ ...withIdp, NATIONAL_ID_HASH_KEY: 'short' }),
      /NATIONAL_ID_HASH_KEY must be at least 32/,
    );
    const ok = loadConfig(withIdp);
    assert.equal(ok.isProduction, true);
    assert.equal(ok.seedDemoData, false);
    assert.equal(ok.endUserAuth.devIdentityProvider, false);
    assert.equal(ok.productionLine.simulate, false);
    assert.equal(ok.webhooks.allowPlainHttp, false);
    assert.equal(ok.webhooks.allowPrivateAddresses, false);
  });

  it('the server process exits with the reason when started in production on the development key', () => {
    const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'src', 'server.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        JWT_SIGNING_KEY: '',
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /development signing key is refused/);
  });

  it('names a malformed setting', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be an integer/);
  });
});
