import assert from 'node:assert/strict';
import { createHash, createHmac, randomInt } from 'node:crypto';
import { KeyedNationalIdHashes1766500000000 } from '../migrations/1766500000000-KeyedNationalIdHashes';
import { DEVELOPMENT_NATIONAL_ID_HASH_KEY } from '../src/config';
import { unseal } from '../src/common/secret-box';
import { ctx } from './support/context';
import { as, asEndUser, pendingOrder, registryPerson } from './support/fixtures';

const ORDER_URL = '/v1/order-pages/nordlys-ansatt/orders';

/** A stored answer as the app reads it: sealed at rest (AES-256-GCM), opened with the app's key. */
const opened = (body: string): string =>
  body.startsWith('v1:') ? unseal(body, ctx().services.config.webhooks.secretKey) : body;

describe('national identity numbers hashed for lookup: keyed, and stored answers without them', () => {
  it("files an end user's Idempotency-Key under the HMAC of the number: the plain SHA-256 no longer finds it", async () => {
    const person = await registryPerson();
    const endUser = await asEndUser(person.nationalId);
    const key = `first-order-${randomInt(1e9)}`;
    const body = {
      email: `hash-${randomInt(1e9)}@example.no`,
      company: 'Nøkkel AS',
      delivery: { choice: 'registered' },
    };
    const first = await endUser.post(ORDER_URL).set('Idempotency-Key', key).send(body).expect(201);

    const plain = `end_user:${createHash('sha256').update(person.nationalId).digest('hex')}`;
    const keyed = `end_user:${createHmac('sha256', DEVELOPMENT_NATIONAL_ID_HASH_KEY).update(person.nationalId).digest('hex')}`;
    const rows = await ctx().dataSource.query(`SELECT caller, response_body FROM idempotency_key WHERE key = $1`, [
      key,
    ]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].caller, keyed);
    assert.deepEqual(
      await ctx().dataSource.query(`SELECT 1 FROM idempotency_key WHERE caller = $1`, [plain]),
      [],
      'the plain hash finds nothing',
    );
    assert.ok(!opened(rows[0].response_body).includes(person.nationalId));

    const replay = await endUser.post(ORDER_URL).set('Idempotency-Key', key).send(body).expect(201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.body, first.body);
  });

  it("stores a partner's answer with the number masked, and gives an end user their own number back on replay", async () => {
    const { dataSource } = ctx();
    const order = await pendingOrder('nordlys');
    const key = `approve-${randomInt(1e9)}`;
    const nordlys = await as('nordlys');
    const approved = await nordlys.post(`/v1/orders/${order.id}/approve`).set('Idempotency-Key', key).expect(200);
    const masked = `${order.nationalId.slice(0, 6)}*****`;
    assert.equal(approved.body.endUserDetails.nationalId, masked);
    const [stored] = await dataSource.query(`SELECT response_body FROM idempotency_key WHERE key = $1`, [key]);
    assert.ok(!stored.response_body.includes(masked), 'sealed at rest');
    const storedBody = opened(stored.response_body);
    assert.ok(storedBody.includes(masked) && !storedBody.includes(order.nationalId));
    const replay = await nordlys.post(`/v1/orders/${order.id}/approve`).set('Idempotency-Key', key).expect(200);
    assert.deepEqual(replay.body, approved.body);

    // An end user's stored answer that named them (none of today's does): masked at rest, whole again on replay to them.
    const person = await registryPerson();
    const endUser = await asEndUser(person.nationalId);
    const userKey = `own-number-${randomInt(1e9)}`;
    const body = {
      email: `own-${randomInt(1e9)}@example.no`,
      company: 'Eget nummer AS',
      delivery: { choice: 'registered' },
    };
    const first = await endUser.post(ORDER_URL).set('Idempotency-Key', userKey).send(body).expect(201);
    await dataSource.query(`UPDATE idempotency_key SET response_body = $2 WHERE key = $1`, [
      userKey,
      JSON.stringify({ ...first.body, echo: `${person.nationalId.slice(0, 6)}*****` }),
    ]);
    const again = await endUser.post(ORDER_URL).set('Idempotency-Key', userKey).send(body).expect(201);
    assert.equal(again.body.echo, person.nationalId);
  });

  it('the migration drops the plain-hash keys and masks the numbers in stored answers', async () => {
    const { dataSource } = ctx();
    const plain = `end_user:${createHash('sha256').update('01010750160').digest('hex')}`;
    const partnerKey = `before-upgrade-${randomInt(1e9)}`;
    const [{ caller }] = await dataSource.query(`SELECT 'api_client:' || id AS caller FROM api_client LIMIT 1`);
    await dataSource.query(
      `INSERT INTO idempotency_key (caller, key, request_fingerprint, status_code, response_body, completed_at)
       VALUES ($1, 'old-end-user-key', 'x', 201, '{}', now()), ($2, $3, 'x', 200, '{"nationalId":"01010750160","orderNumber":"PW-00000001"}', now())`,
      [plain, caller, partnerKey],
    );
    const runner = dataSource.createQueryRunner();
    try {
      await new KeyedNationalIdHashes1766500000000().up(runner);
    } finally {
      await runner.release();
    }
    assert.deepEqual(await dataSource.query(`SELECT 1 FROM idempotency_key WHERE caller = $1`, [plain]), []);
    const [kept] = await dataSource.query(`SELECT response_body FROM idempotency_key WHERE key = $1`, [partnerKey]);
    assert.equal(kept.response_body, '{"nationalId":"010107*****","orderNumber":"PW-00000001"}');
  });
});
