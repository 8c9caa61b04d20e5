import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { assertion, newKey, newKeyClient, tokenRequest } from './support/client-keys';
import { ctx } from './support/context';
import { as, partnerId } from './support/fixtures';

const secretToken = (clientId: string, secret: string) =>
  request(ctx().app)
    .post('/oauth/token')
    .auth(clientId, secret)
    .type('form')
    .send({ grant_type: 'client_credentials' });

async function auditOf(
  apiClientId: string,
): Promise<Array<{ action: string; actor_id: string; partner_id: string; changes: Record<string, unknown> }>> {
  return ctx().dataSource.query(
    `SELECT action, actor_id, partner_id, changes FROM audit_event WHERE subject_type = 'api_client' AND subject_id = $1 ORDER BY id`,
    [apiClientId],
  );
}

async function lastUsedAt(apiClientId: string): Promise<string | null> {
  const [row] = await ctx().dataSource.query(`SELECT last_used_at FROM api_client WHERE id = $1`, [apiClientId]);
  return row.last_used_at ? (row.last_used_at as Date).toISOString() : null;
}

/** Issue 10 part 7: a partner manages its own API clients, keys and secrets. */
describe('credentials API (/v1/api-clients)', () => {
  before(() => ctx().clock.set(new Date('2026-12-02T08:00:00Z')));
  after(() => ctx().clock.reset());

  it('creates a client with a secret shown once, stored hashed; the secret gets tokens; every change is audited', async () => {
    const partner = await as('nordlys');
    const created = await partner
      .post('/v1/api-clients')
      .send({ name: 'Lønnssystemet', scopes: ['orders:read', 'reports:read'] });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.location, `/v1/api-clients/${created.body.id}`);
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.hasSecret, true);
    assert.deepEqual(created.body.scopes, ['orders:read', 'reports:read']);
    const secret: string = created.body.clientSecret;
    assert.ok(secret.length >= 40);

    const read = await partner.get(`/v1/api-clients/${created.body.id}`).expect(200);
    assert.equal(read.body.clientSecret, undefined);
    assert.doesNotMatch(JSON.stringify((await partner.get('/v1/api-clients').expect(200)).body), new RegExp(secret));
    const [row] = await ctx().dataSource.query(`SELECT secret_hash FROM api_client WHERE id = $1`, [created.body.id]);
    assert.match(row.secret_hash, /^scrypt\$/);

    const token = await secretToken(created.body.clientId, secret);
    assert.equal(token.status, 200);
    assert.equal(token.body.scope, 'orders:read reports:read');

    const audit = await auditOf(created.body.id);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['api_client_created'],
    );
    assert.equal(audit[0].actor_id, 'demo-nordlys');
    assert.equal(audit[0].partner_id, await partnerId('nordlys'));
    assert.doesNotMatch(JSON.stringify(audit), new RegExp(secret));
  });

  it('lists the partner’s clients newest first, with keys and last-used times; revoked ones only when asked', async () => {
    const partner = await as('nordlys');
    const key = await newKey('ES256');
    const client = await newKeyClient('nordlys', [key]);
    const list = await partner.get('/v1/api-clients').expect(200);
    assert.equal(list.body.data[0].id, client.id);
    assert.ok(list.body.data.some((c: { clientId: string }) => c.clientId === 'demo-nordlys'));
    const listed = list.body.data[0];
    assert.equal(listed.hasSecret, false);
    assert.deepEqual(
      listed.keys.map((k: { kid: string }) => k.kid),
      [key.kid],
    );
    assert.equal(listed.keys[0].jwk.d, undefined);
    assert.equal(listed.lastUsedAt, null);

    await partner.delete(`/v1/api-clients/${client.id}`).expect(204);
    const active = await partner.get('/v1/api-clients').expect(200);
    assert.ok(!active.body.data.some((c: { id: string }) => c.id === client.id));
    const all = await partner.get('/v1/api-clients?includeRevoked=true').expect(200);
    const revoked = all.body.data.find((c: { id: string }) => c.id === client.id);
    assert.equal(revoked.status, 'revoked');
    assert.ok(revoked.revokedAt);
  });

  it('another partner’s client is not found, for reading, revoking, keys and secrets, and is left unchanged', async () => {
    const nordlys = await newKeyClient('nordlys', [await newKey()]);
    const fjordheim = await as('fjordheim');
    assert.equal((await fjordheim.get(`/v1/api-clients/${nordlys.id}`)).status, 404);
    assert.equal((await fjordheim.delete(`/v1/api-clients/${nordlys.id}`)).status, 404);
    assert.equal((await fjordheim.get(`/v1/api-clients/${nordlys.id}/keys`)).status, 404);
    assert.equal(
      (await fjordheim.post(`/v1/api-clients/${nordlys.id}/keys`).send({ keys: [(await newKey()).publicJwk] })).status,
      404,
    );
    assert.equal((await fjordheim.post(`/v1/api-clients/${nordlys.id}/secret`)).status, 404);
    assert.equal((await fjordheim.delete(`/v1/api-clients/${nordlys.id}/secret`)).status, 404);
    const res = await fjordheim.get('/v1/api-clients').expect(200);
    assert.ok(!res.body.data.some((c: { id: string }) => c.id === nordlys.id));
    assert.ok(!res.body.data.some((c: { clientId: string }) => c.clientId === 'demo-nordlys'));
    const after = await (await as('nordlys')).get(`/v1/api-clients/${nordlys.id}`).expect(200);
    assert.equal(after.body.status, 'active');
    assert.equal(after.body.keys.length, 1);
  });

  it('a revoked client gets no token with its secret; its credentials can no longer change', async () => {
    const partner = await as('fjordheim');
    const created = (await partner.post('/v1/api-clients').send({ name: 'Gammelt HR-system' }).expect(201)).body;
    assert.equal((await secretToken(created.clientId, created.clientSecret)).status, 200);
    await partner.delete(`/v1/api-clients/${created.id}`).expect(204);
    await partner.delete(`/v1/api-clients/${created.id}`).expect(204);
    const refused = await secretToken(created.clientId, created.clientSecret);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'invalid-client');
    const change = await partner.post(`/v1/api-clients/${created.id}/secret`);
    assert.equal(change.status, 409);
    assert.equal(change.body.code, 'api-client-revoked');
    assert.deepEqual(
      (await auditOf(created.id)).map((a) => a.action),
      ['api_client_created', 'api_client_revoked'],
    );
  });

  it('a new secret replaces the old one at once; a removed secret leaves the keys only', async () => {
    const partner = await as('nordlys');
    const key = await newKey('ES256');
    const created = (
      await partner
        .post('/v1/api-clients')
        .send({ name: 'Begge deler', keys: [key.publicJwk], clientSecret: true })
        .expect(201)
    ).body;
    assert.equal(created.hasSecret, true);
    const replaced = await partner.post(`/v1/api-clients/${created.id}/secret`).expect(200);
    assert.notEqual(replaced.body.clientSecret, created.clientSecret);
    assert.equal((await secretToken(created.clientId, created.clientSecret)).status, 401);
    assert.equal((await secretToken(created.clientId, replaced.body.clientSecret)).status, 200);
    await partner.delete(`/v1/api-clients/${created.id}/secret`).expect(204);
    assert.equal((await secretToken(created.clientId, replaced.body.clientSecret)).status, 401);
    assert.equal((await tokenRequest(await assertion(created.clientId, key))).status, 200);
    assert.equal((await partner.get(`/v1/api-clients/${created.id}`).expect(200)).body.hasSecret, false);
    const audit = await auditOf(created.id);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['api_client_created', 'api_client_secret_replaced', 'api_client_secret_removed'],
    );
    assert.deepEqual(audit[0].changes.keys, [key.kid]);
    assert.doesNotMatch(JSON.stringify(audit), new RegExp(replaced.body.clientSecret));
  });

  it('audits added and removed keys; a key removed twice is not found', async () => {
    const partner = await as('nordlys');
    const first = await newKey();
    const client = await newKeyClient('nordlys', [first]);
    const second = await newKey('RS256');
    await partner
      .post(`/v1/api-clients/${client.id}/keys`)
      .send({ keys: [second.publicJwk] })
      .expect(201);
    await partner.delete(`/v1/api-clients/${client.id}/keys/${first.kid}`).expect(204);
    assert.equal((await partner.delete(`/v1/api-clients/${client.id}/keys/${first.kid}`)).status, 404);
    const audit = await auditOf(client.id);
    assert.deepEqual(
      audit.map((a) => [a.action, a.changes]),
      [
        [
          'api_client_created',
          { name: audit[0].changes.name, scopes: audit[0].changes.scopes, secret: false, keys: [first.kid] },
        ],
        ['api_client_keys_added', { keys: [second.kid] }],
        ['api_client_key_removed', { kid: first.kid }],
      ],
    );
  });

  it('grants no scope the calling token lacks, and needs credentials:manage', async () => {
    const narrow = await as('nordlys', 'credentials:manage orders:read');
    const refused = await narrow
      .post('/v1/api-clients')
      .send({ name: 'Mer enn meg', scopes: ['orders:read', 'orders:write'] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].field, 'scopes');
    assert.match(refused.body.errors[0].message, /orders:write/);
    const inherited = await narrow.post('/v1/api-clients').send({ name: 'Som meg' }).expect(201);
    assert.deepEqual(inherited.body.scopes, ['credentials:manage', 'orders:read']);
    const without = await as('nordlys', 'orders:read');
    const forbidden = await without.get('/v1/api-clients');
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.code, 'insufficient-scope');
  });

  it('names the field of bad input: an unknown scope, an empty name, a key without kid, an unknown member', async () => {
    const partner = await as('nordlys');
    const cases: Array<[object, RegExp]> = [
      [{ name: 'x', scopes: ['operator'] }, /scopes/],
      [{ name: '' }, /name/],
      [{ name: 'x', keys: [{ ...(await newKey()).publicJwk, kid: undefined }] }, /kid/],
      [{ name: 'x', owner: 'someone' }, /owner/],
    ];
    for (const [body, field] of cases) {
      const res = await partner.post('/v1/api-clients').send(body);
      assert.equal(res.status, 400, res.text);
      assert.match(res.headers['content-type'], /^application\/problem\+json/);
      assert.match(JSON.stringify(res.body.errors), field);
    }
    assert.equal((await partner.get('/v1/api-clients/not-a-uuid')).status, 400);
    assert.equal((await partner.get(`/v1/api-clients/${randomUUID()}`)).status, 404);
  });

  it('records last use when a token is issued and on calls, written at most once a minute per client', async () => {
    const partner = await as('nordlys');
    const created = (
      await partner
        .post('/v1/api-clients')
        .send({ name: 'Brukt', scopes: ['orders:read'] })
        .expect(201)
    ).body;
    const start = new Date('2026-12-02T09:00:00Z');
    ctx().clock.set(start);
    const token = (await secretToken(created.clientId, created.clientSecret).expect(200)).body.access_token as string;
    const issuedAt = await lastUsedAt(created.id);
    assert.ok(issuedAt && Math.abs(Date.parse(issuedAt) - start.getTime()) < 1000, `last used at ${issuedAt}`);
    const call = () => request(ctx().app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${token}`).expect(200);

    // Within the minute: calls write nothing.
    ctx().clock.set(new Date(start.getTime() + 30_000));
    await call();
    await call();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await lastUsedAt(created.id), issuedAt);

    // A minute on: the next call writes once; the calls after it within the minute do not.
    const later = new Date(start.getTime() + 90_000);
    ctx().clock.set(later);
    await call();
    const after = await waitChanged(created.id, issuedAt);
    assert.ok(Math.abs(Date.parse(after) - later.getTime()) < 1000, `last used at ${after}`);
    ctx().clock.set(new Date(start.getTime() + 120_000));
    await call();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await lastUsedAt(created.id), after);
    const listed = (await partner.get(`/v1/api-clients/${created.id}`).expect(200)).body;
    assert.equal(listed.lastUsedAt, after);
  });
});

/** The last-used time once it differs from `before` (written without holding up the request); fails after 2 s. */
async function waitChanged(apiClientId: string, before: string): Promise<string> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const seen = await lastUsedAt(apiClientId);
    if (seen && seen !== before) return seen;
    if (Date.now() > deadline) throw new Error(`last_used_at stayed ${before}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
