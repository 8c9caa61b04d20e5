import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { ctx } from './support/context';
import { as, asEndUser, asOperator, registryPerson } from './support/fixtures';

/**
 * Puts everything about one end user at `at` (their last activity): waiting out a retention period of three
 * years is the one step a test cannot do over HTTP.
 */
async function lastActiveAt(nationalId: string, at: string): Promise<string> {
  const [[{ id }]] = await ctx().dataSource.query(
    `UPDATE end_user SET updated_at = $2, created_at = $2 WHERE national_id = $1 RETURNING id`,
    [nationalId, at],
  );
  await ctx().dataSource.query(
    `UPDATE card_order SET created_at = $2::timestamptz - interval '1 day', decided_at = CASE WHEN decided_at IS NULL THEN NULL ELSE $2::timestamptz END
      WHERE end_user_id = $1`,
    [id, at],
  );
  await ctx().dataSource.query(`UPDATE card SET updated_at = $2 WHERE end_user_id = $1`, [id, at]);
  return id;
}

/** An end user whose only order, on Nordlys's card product, was rejected. */
async function rejectedEndUser(givenName: string) {
  const person = await registryPerson({ givenName });
  const order = (
    await (
      await asEndUser(person.nationalId)
    )
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send({
        email: `${givenName.toLowerCase()}-${randomInt(1e9)}@example.no`,
        company: 'Avvist AS',
        delivery: { choice: 'registered' },
      })
      .expect(201)
  ).body;
  await (
    await as('nordlys')
  )
    .post(`/v1/orders/${order.id}/reject`)
    .send({ reason: 'not_affiliated', message: 'Ukjent' })
    .expect(200);
  return person;
}

/** The run's "now", written here: 23:30 UTC on the last day of January is already 1 February in Oslo. */
const NOW = new Date('2027-01-31T23:30:00Z');
/** 1 February 2027 (Oslo) less RETENTION_PERIOD_DAYS (1095): Oslo midnight starting 2 February 2024 is 23:00 UTC the day before. */
const CUTOFF = '2024-02-02';

describe('retention', function () {
  this.timeout(30_000);
  beforeEach(async () => {
    ctx().clock.set(NOW);
    // Whatever earlier tests left due at this date goes first, so that the counts below are this test's alone.
    await (await asOperator()).post('/v1/operator/jobs/retention/runs').expect(200);
  });
  afterEach(() => ctx().clock.reset());

  it('deletes end users with no active card and no open order after the period, with their personal data; keeps an anonymised trail', async () => {
    const nordlys = await as('nordlys');
    const operator = await asOperator();
    // Gone: an end user whose only order was rejected four years ago.
    const gone = await registryPerson({ givenName: 'Glemt' });
    const goneOrder = (
      await (
        await asEndUser(gone.nationalId)
      )
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({
          email: `glemt-${randomInt(1e9)}@example.no`,
          company: 'Slett meg AS',
          delivery: { choice: 'registered' },
        })
        .expect(201)
    ).body;
    await nordlys
      .post(`/v1/orders/${goneOrder.id}/reject`)
      .send({ reason: 'not_affiliated', message: 'Ukjent' })
      .expect(200);
    // Kept: an end user as old, but with an active card; and one with a pending order.
    const kept = await registryPerson({ givenName: 'Aktiv' });
    const keptOrder = (
      await (
        await asEndUser(kept.nationalId)
      )
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({
          email: `aktiv-${randomInt(1e9)}@example.no`,
          company: 'Behold meg AS',
          delivery: { choice: 'registered' },
        })
        .expect(201)
    ).body;
    const card = (await nordlys.post(`/v1/orders/${keptOrder.id}/approve`).expect(200)).body.card;
    await operator.post(`/v1/operator/cards/${card.id}/shipment`).send({ trackingNumber: 'RR333333335NO' }).expect(200);
    await operator.post(`/v1/operator/cards/${card.id}/activation`).expect(200);
    const waiting = await registryPerson({ givenName: 'Venter' });
    await (
      await asEndUser(waiting.nationalId)
    )
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send({ email: `venter-${randomInt(1e9)}@example.no`, company: 'Venter AS', delivery: { choice: 'registered' } })
      .expect(201);
    // Inside the period: rejected like `gone`, nothing active, but last seen two years ago; and one seen a minute
    // after the cutoff's Oslo midnight. Due: `gone` (four years) and one seen a minute before that midnight.
    const recent = await rejectedEndUser('Nylig');
    const justInside = await rejectedEndUser('Innenfor');
    const justOutside = await rejectedEndUser('Utenfor');
    const goneId = await lastActiveAt(gone.nationalId, '2023-01-15T10:00:00Z');
    const keptId = await lastActiveAt(kept.nationalId, '2023-01-15T10:00:00Z');
    const waitingId = await lastActiveAt(waiting.nationalId, '2023-01-15T10:00:00Z');
    const recentId = await lastActiveAt(recent.nationalId, '2025-01-15T10:00:00Z');
    const justInsideId = await lastActiveAt(justInside.nationalId, '2024-02-01T23:01:00Z');
    const justOutsideId = await lastActiveAt(justOutside.nationalId, '2024-02-01T22:59:00Z');

    const preview = await operator.get('/v1/operator/retention/preview').expect(200);
    assert.equal(preview.body.cutoff, CUTOFF);
    const due = preview.body.sample.map((s: { endUserId: string }) => s.endUserId).sort();
    assert.deepEqual(due, [goneId, justOutsideId].sort());
    assert.equal(preview.body.endUsers, 2);
    assert.ok((await nordlys.get(`/v1/orders/${goneOrder.id}`)).status === 200, 'the preview deletes nothing');

    const run = await operator.post('/v1/operator/jobs/retention/runs').expect(200);
    assert.equal(run.body.processed, 2);
    assert.equal(run.body.details.orders, 2);
    await nordlys.get(`/v1/orders/${goneOrder.id}`).expect(404);
    // Deleted: only the registry's data is left for them (GET /v1/me answers from it), no contact data, no orders.
    for (const person of [gone, justOutside]) {
      const me = await (await asEndUser(person.nationalId)).get('/v1/me').expect(200);
      assert.equal(me.body.email, null, 'the stored contact data is deleted');
      assert.deepEqual((await (await asEndUser(person.nationalId)).get('/v1/me/orders').expect(200)).body.data, []);
    }
    for (const person of [kept, waiting, recent, justInside])
      await (await asEndUser(person.nationalId)).get('/v1/me').expect(200);
    for (const id of [keptId, waitingId, recentId, justInsideId]) assert.ok(!due.includes(id));

    const { dataSource } = ctx();
    const [personal] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM end_user WHERE id = $1) AS users, (SELECT count(*)::int FROM card_order WHERE end_user_id = $1) AS orders,
              (SELECT count(*)::int FROM email_message WHERE subject_id = $2) AS emails,
              (SELECT count(*)::int FROM webhook_event WHERE payload->'data'->>'orderId' = $2::text) AS events`,
      [goneId, goneOrder.id],
    );
    assert.deepEqual(personal, { users: 0, orders: 0, emails: 0, events: 0 });
    const trail = await dataSource.query(
      `SELECT action, changes, actor_id FROM audit_event WHERE subject_id = ANY ($1::uuid[]) ORDER BY id`,
      [[goneId, goneOrder.id]],
    );
    const changesOfTheOrder = trail.filter((t: { action: string }) => !t.action.startsWith('notice_'));
    assert.deepEqual(
      changesOfTheOrder.map((t: { action: string }) => t.action),
      ['placed', 'rejected', 'deleted_by_retention'],
    );
    assert.ok(
      !JSON.stringify(trail).includes('glemt-'),
      'no e-mail address in the trail (notice entries anonymised too)',
    );
    assert.deepEqual(trail[0].changes, {}, 'the company field and the like are gone from the trail');
    assert.equal(trail[0].actor_id, 'deleted');
    assert.ok(!JSON.stringify(trail).includes('Slett meg'));
    const [recorded] = await dataSource.query(
      `SELECT end_users_deleted FROM retention_run ORDER BY ran_at DESC LIMIT 1`,
    );
    assert.equal(recorded.end_users_deleted, run.body.processed);
  });

  it('deletes powers of attorney after their ten years', async () => {
    const nordlys = await as('nordlys');
    const file = Buffer.from(
      `%PDF-1.4\n1 0 obj << /Title (gammel ${randomInt(1e9)}) >> endobj\ntrailer << >>\n%%EOF\n`,
      'latin1',
    );
    const stored = (
      await nordlys
        .post('/v1/powers-of-attorney')
        .attach('file', file, { filename: 'gammel.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body;
    // Ten years cannot pass in a test: the document's last day is moved to the run's Oslo day (1 February 2027,
    // while UTC still says 31 January), then to the day before.
    await ctx().dataSource.query(`UPDATE power_of_attorney SET keep_until = '2027-02-01' WHERE id = $1`, [stored.id]);
    const operator = await asOperator();
    const through = await operator.post('/v1/operator/jobs/retention/runs').expect(200);
    assert.equal(through.body.details.powersOfAttorney, 0);
    await nordlys.get(`/v1/powers-of-attorney/${stored.id}`).expect(200); // kept through its last day
    await ctx().dataSource.query(`UPDATE power_of_attorney SET keep_until = '2027-01-31' WHERE id = $1`, [stored.id]);
    const preview = (await operator.get('/v1/operator/retention/preview')).body;
    assert.equal(preview.powersOfAttorney, 1);
    const run = await operator.post('/v1/operator/jobs/retention/runs').expect(200);
    assert.equal(run.body.details.powersOfAttorney, 1);
    await nordlys.get(`/v1/powers-of-attorney/${stored.id}`).expect(404);
  });
});
