import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { DevIdentityProvider } from '../src/auth/dev-identity-provider';
import { EndUserTokenVerifier } from '../src/auth/end-user-tokens';
import { addMonths } from '../src/common/clock';
import { Problem } from '../src/common/problem';
import { ctx } from './support/context';
import { until } from './support/until';
import { as, asEndUser, asOperator, registryPerson } from './support/fixtures';

/** An approved order's card, in production, for an end user with (or without) an e-mail address. */
async function cardInProduction(options: { withEmail: boolean }) {
  const person = await registryPerson();
  const endUser = await asEndUser(person.nationalId);
  const email = `kort-${randomInt(1e9)}@example.no`;
  const order = (
    await endUser
      .post('/v1/order-pages/fjordheim-helse/orders')
      .send({ email, company: 'Fjordheim legekontor', delivery: { choice: 'registered' } })
      .expect(201)
  ).body;
  if (!options.withEmail)
    await ctx().dataSource.query(`UPDATE end_user SET email = NULL WHERE national_id = $1`, [person.nationalId]);
  const approved = await (await as('fjordheim')).post(`/v1/orders/${order.id}/approve`).expect(200);
  return {
    cardId: approved.body.card.id as string,
    orderId: order.id as string,
    expiresOn: approved.body.card.expiresOn as string,
    email,
    endUser,
  };
}

describe('the card after approval (operator endpoints and daily jobs)', function () {
  this.timeout(30_000);
  afterEach(() => ctx().clock.reset());

  it('ships with a tracking number, activates, revokes; a wrong step is 409, an unknown card 404', async () => {
    const operator = await asOperator();
    const { cardId, orderId } = await cardInProduction({ withEmail: true });
    const early = await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(409);
    assert.equal(early.body.code, 'card-status-conflict');
    const shipped = await operator
      .post(`/v1/operator/cards/${cardId}/shipment`)
      .send({ trackingNumber: 'RR987654321NO' })
      .expect(200);
    assert.equal(shipped.body.status, 'shipped');
    assert.equal(shipped.body.trackingNumber, 'RR987654321NO');
    await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(200);
    const partner = await as('fjordheim');
    assert.equal((await partner.get(`/v1/orders/${orderId}`)).body.card.status, 'active');
    await operator.post(`/v1/operator/cards/${cardId}/revocation`).send({ reason: 'Kortet er meldt tapt' }).expect(200);
    assert.equal((await partner.get(`/v1/orders/${orderId}`)).body.card.status, 'revoked');
    await operator.post(`/v1/operator/cards/${cardId}/revocation`).send({ reason: 'igjen' }).expect(409);
    await operator.post('/v1/operator/cards/00000000-0000-4000-8000-000000000000/activation').expect(404);
    const history = await ctx().dataSource.query(
      `SELECT action, actor_type FROM audit_event WHERE subject_id = $1 ORDER BY id`,
      [cardId],
    );
    assert.deepEqual(
      history.map((h: { action: string }) => h.action),
      ['shipped', 'activated', 'revoked'],
    );
    assert.ok(history.every((h: { actor_type: string }) => h.actor_type === 'operator'));
  });

  it('a partner token cannot use the operator endpoints; an operator token cannot read partner data', async () => {
    const partner = await as('nordlys');
    const refused = await partner.post('/v1/operator/jobs/expire-cards/runs').expect(403);
    assert.equal(refused.body.code, 'insufficient-scope');
    const operator = await asOperator();
    await operator.get('/v1/orders').expect(403);
    await operator.get('/v1/partner').expect(403);
  });

  it('the expiry notice goes once per card, by e-mail only to an end user with an address', async () => {
    const operator = await asOperator();
    const withEmail = await cardInProduction({ withEmail: true });
    const withoutEmail = await cardInProduction({ withEmail: false });
    for (const { cardId } of [withEmail, withoutEmail]) {
      await operator
        .post(`/v1/operator/cards/${cardId}/shipment`)
        .send({ trackingNumber: 'RR000000001NO' })
        .expect(200);
      await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(200);
    }
    ctx().clock.set(new Date(`${addMonths(withEmail.expiresOn, -2)}T12:00:00Z`));
    await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    await ctx().mail.waitFor(
      (m) =>
        ctx()
          .mail.to(withEmail.email)
          .some((x) => x === m && m.subject!.startsWith('Buypass ID-en din utløper')),
      'the expiry notice',
    );
    // Every e-mail about the card sent (none waiting in the outbox), and exactly one of them arrived.
    // (the mail server may have the message a moment before the worker records it as sent)
    await until(
      async () =>
        (
          await ctx().dataSource.query(
            `SELECT count(*)::int AS unsent FROM email_message WHERE subject_id = $1 AND sent_at IS NULL`,
            [withEmail.cardId],
          )
        )[0].unsent,
      (unsent) => unsent === 0,
      'every e-mail about the card recorded as sent',
    );
    assert.equal(
      ctx()
        .mail.to(withEmail.email)
        .filter((m) => m.subject!.startsWith('Buypass ID-en din utløper')).length,
      1,
    );
    const notices = await ctx().dataSource.query(
      `SELECT c.id, c.expiry_notice_at IS NOT NULL AS noticed, (SELECT count(*)::int FROM email_message e WHERE e.subject_id = c.id) AS emails
         FROM card c WHERE c.id = ANY ($1)`,
      [[withEmail.cardId, withoutEmail.cardId]],
    );
    const byId = Object.fromEntries(notices.map((n: { id: string }) => [n.id, n]));
    assert.deepEqual([byId[withEmail.cardId].noticed, byId[withEmail.cardId].emails], [true, 1]);
    assert.deepEqual([byId[withoutEmail.cardId].noticed, byId[withoutEmail.cardId].emails], [true, 0]);
    // Neither is lost without a trace: each card's history says sent, or not sent and why.
    const notices2 = await ctx().dataSource.query(
      `SELECT subject_id, action, changes FROM audit_event WHERE subject_id = ANY ($1) AND action LIKE 'notice_%' ORDER BY action`,
      [[withEmail.cardId, withoutEmail.cardId]],
    );
    assert.deepEqual(
      notices2.map((n: { subject_id: string; action: string; changes: { notice: string } }) => [
        n.subject_id,
        n.action,
        n.changes.notice,
      ]),
      [
        [withoutEmail.cardId, 'notice_not_sent', 'expiry'],
        [withEmail.cardId, 'notice_sent', 'expiry'],
      ],
    );
  });

  it('the daily job expires cards after their expiry date, not on it', async () => {
    const operator = await asOperator();
    const { cardId, expiresOn, orderId } = await cardInProduction({ withEmail: true });
    await operator.post(`/v1/operator/cards/${cardId}/shipment`).send({ trackingNumber: 'RR000000002NO' }).expect(200);
    await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(200);
    ctx().clock.set(new Date(`${expiresOn}T20:00:00Z`));
    await operator.post('/v1/operator/jobs/expire-cards/runs').expect(200);
    const partner = await as('fjordheim');
    assert.equal(
      (await partner.get(`/v1/orders/${orderId}`)).body.card.status,
      'active',
      'valid through its expiry date',
    );
    ctx().clock.set(new Date(`${addMonths(expiresOn, 1)}T08:00:00Z`));
    const run = await operator.post('/v1/operator/jobs/expire-cards/runs').expect(200);
    assert.ok(run.body.processed >= 1, 'this card, and any other test card past its date');
    assert.equal((await partner.get(`/v1/orders/${orderId}`)).body.card.status, 'expired');
  });
});

describe('end-user tokens from a configured OpenID provider', () => {
  it('verifies against the JWKS fetched from the provider URL, checking issuer and audience', async () => {
    const provider = new DevIdentityProvider({
      issuer: 'https://idp.example',
      audience: 'partnerweb',
      nationalIdClaim: 'pid',
    });
    const server = http.createServer(async (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await provider.jwks())),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const verifier = new EndUserTokenVerifier({
        issuer: 'https://idp.example',
        jwksUrl,
        audience: 'partnerweb',
        nationalIdClaim: 'pid',
        devIdentityProvider: false,
      });
      const { access_token } = await provider.issue('01010750160');
      assert.deepEqual(await verifier.verify(access_token), { kind: 'end_user', nationalId: '01010750160' });
      const wrongIssuer = new EndUserTokenVerifier({
        issuer: 'https://other.example',
        jwksUrl,
        audience: 'partnerweb',
        nationalIdClaim: 'pid',
        devIdentityProvider: false,
      });
      await assert.rejects(
        wrongIssuer.verify(access_token),
        (e) => e instanceof Problem && e.code === 'unauthenticated',
      );
      const wrongClaim = new EndUserTokenVerifier({
        issuer: 'https://idp.example',
        jwksUrl,
        audience: 'partnerweb',
        nationalIdClaim: 'nin',
        devIdentityProvider: false,
      });
      await assert.rejects(wrongClaim.verify(access_token), /no national identity number in the claim "nin"/);
    } finally {
      server.close();
    }
  });

  it('the development identity provider serves its JWKS and refuses a malformed number', async () => {
    const jwks = await request(ctx().app).get('/dev-idp/jwks').expect(200);
    assert.equal(jwks.body.keys[0].kty, 'EC');
    const bad = await request(ctx().app).post('/dev-idp/token').send({ nationalId: '123' }).expect(400);
    assert.equal(bad.body.errors[0].field, 'nationalId');
  });
});
