import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { ctx } from './support/context';
import { as, asEndUser, asOperator, registryPerson } from './support/fixtures';

/**
 * Moves everything about one end user back by `years`: waiting out a retention period of three years is the
 * one step a test cannot do over HTTP.
 */
async function ageEndUser(nationalId: string, years: number): Promise<string> {
  const interval = `${years} years`;
  const [[{ id }]] = await ctx().dataSource.query(
    `UPDATE end_user SET updated_at = updated_at - $2::interval, created_at = created_at - $2::interval WHERE national_id = $1 RETURNING id`,
    [nationalId, interval],
  );
  await ctx().dataSource.query(
    `UPDATE card_order SET created_at = created_at - $2::interval, decided_at = decided_at - $2::interval WHERE end_user_id = $1`,
    [id, interval],
  );
  await ctx().dataSource.query(`UPDATE card SET updated_at = updated_at - $2::interval WHERE end_user_id = $1`, [id, interval]);
  return id;
}

describe('retention', function () {
  this.timeout(30_000);

  it('deletes end users with no active card and no open order after the period, with their personal data; keeps an anonymised trail', async () => {
    const nordlys = await as('nordlys');
    const operator = await asOperator();
    // Gone: an end user whose only order was rejected four years ago.
    const gone = await registryPerson({ givenName: 'Glemt' });
    const goneOrder = (
      await (await asEndUser(gone.nationalId))
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({ email: `glemt-${randomInt(1e9)}@example.no`, company: 'Slett meg AS', delivery: { choice: 'registered' } })
        .expect(201)
    ).body;
    await nordlys.post(`/v1/orders/${goneOrder.id}/reject`).send({ reason: 'not_affiliated', message: 'Ukjent' }).expect(200);
    // Kept: an end user as old, but with an active card; and one with a pending order.
    const kept = await registryPerson({ givenName: 'Aktiv' });
    const keptOrder = (
      await (await asEndUser(kept.nationalId))
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({ email: `aktiv-${randomInt(1e9)}@example.no`, company: 'Behold meg AS', delivery: { choice: 'registered' } })
        .expect(201)
    ).body;
    const card = (await nordlys.post(`/v1/orders/${keptOrder.id}/approve`).expect(200)).body.card;
    await operator.post(`/v1/operator/cards/${card.id}/shipment`).send({ trackingNumber: 'RR333333335NO' }).expect(200);
    await operator.post(`/v1/operator/cards/${card.id}/activation`).expect(200);
    const waiting = await registryPerson({ givenName: 'Venter' });
    await (await asEndUser(waiting.nationalId))
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send({ email: `venter-${randomInt(1e9)}@example.no`, company: 'Venter AS', delivery: { choice: 'registered' } })
      .expect(201);
    const goneId = await ageEndUser(gone.nationalId, 4);
    const keptId = await ageEndUser(kept.nationalId, 4);
    const waitingId = await ageEndUser(waiting.nationalId, 4);

    const preview = await operator.get('/v1/operator/retention/preview').expect(200);
    const due = preview.body.sample.map((s: { endUserId: string }) => s.endUserId);
    assert.ok(due.includes(goneId));
    assert.ok(!due.includes(keptId) && !due.includes(waitingId));
    assert.ok((await nordlys.get(`/v1/orders/${goneOrder.id}`)).status === 200, 'the preview deletes nothing');

    const run = await operator.post('/v1/operator/jobs/retention/runs').expect(200);
    assert.ok(run.body.processed >= 1);
    assert.ok(run.body.details.orders >= 1);
    await nordlys.get(`/v1/orders/${goneOrder.id}`).expect(404);
    const goneMe = await (await asEndUser(gone.nationalId)).get('/v1/me').expect(200);
    assert.equal(goneMe.body.email, null, 'only the registry data is left: the stored contact data is deleted');
    assert.deepEqual((await (await asEndUser(gone.nationalId)).get('/v1/me/orders').expect(200)).body.data, []);
    await (await asEndUser(kept.nationalId)).get('/v1/me').expect(200);
    await (await asEndUser(waiting.nationalId)).get('/v1/me').expect(200);

    const { dataSource } = ctx();
    const [personal] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM end_user WHERE id = $1) AS users, (SELECT count(*)::int FROM card_order WHERE end_user_id = $1) AS orders,
              (SELECT count(*)::int FROM email_message WHERE subject_id = $2) AS emails,
              (SELECT count(*)::int FROM webhook_event WHERE payload->'data'->>'orderId' = $2::text) AS events`,
      [goneId, goneOrder.id],
    );
    assert.deepEqual(personal, { users: 0, orders: 0, emails: 0, events: 0 });
    const trail = await dataSource.query(`SELECT action, changes, actor_id FROM audit_event WHERE subject_id = ANY ($1::uuid[]) ORDER BY id`, [[goneId, goneOrder.id]]);
    assert.deepEqual(trail.map((t: { action: string }) => t.action), ['placed', 'rejected', 'deleted_by_retention']);
    assert.deepEqual(trail[0].changes, {}, 'the company field and the like are gone from the trail');
    assert.equal(trail[0].actor_id, 'deleted');
    assert.ok(!JSON.stringify(trail).includes('Slett meg'));
    const [recorded] = await dataSource.query(`SELECT end_users_deleted FROM retention_run ORDER BY ran_at DESC LIMIT 1`);
    assert.equal(recorded.end_users_deleted, run.body.processed);
  });

  it('deletes powers of attorney after their ten years', async () => {
    const nordlys = await as('nordlys');
    const file = Buffer.from(`%PDF-1.4\n1 0 obj << /Title (gammel ${randomInt(1e9)}) >> endobj\ntrailer << >>\n%%EOF\n`, 'latin1');
    const stored = (await nordlys.post('/v1/powers-of-attorney').attach('file', file, { filename: 'gammel.pdf', contentType: 'application/pdf' }).expect(201)).body;
    // Ten years cannot pass in a test: the document's last day is moved to today, then to yesterday.
    await ctx().dataSource.query(`UPDATE power_of_attorney SET keep_until = current_date WHERE id = $1`, [stored.id]);
    const operator = await asOperator();
    await operator.post('/v1/operator/jobs/retention/runs').expect(200);
    await nordlys.get(`/v1/powers-of-attorney/${stored.id}`).expect(200); // kept through its last day
    await ctx().dataSource.query(`UPDATE power_of_attorney SET keep_until = current_date - 1 WHERE id = $1`, [stored.id]);
    const preview = (await operator.get('/v1/operator/retention/preview')).body;
    assert.ok(preview.powersOfAttorney >= 1);
    const run = await operator.post('/v1/operator/jobs/retention/runs').expect(200);
    assert.ok(run.body.details.powersOfAttorney >= 1);
    await nordlys.get(`/v1/powers-of-attorney/${stored.id}`).expect(404);
  });
});
