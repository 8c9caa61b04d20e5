import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../src/app';
import { createLogger } from '../src/logger';
import { ctx } from './support/context';
import { asEndUser, asOperator, freshPartner, registryPerson } from './support/fixtures';
import { until } from './support/until';
import { WebhookReceiver } from './support/webhook-receiver';
import { entraUser, scimClient } from './support/scim';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
type Partner = Awaited<ReturnType<typeof freshPartner>>;

async function orderPageOf(partner: Partner): Promise<string> {
  const [row] = await ctx().dataSource.query<{ code: string }[]>(`SELECT code FROM card_product WHERE id = $1`, [
    partner.cardProductId,
  ]);
  return row.code;
}

/** A person of the population registry who orders a first card on the partner's order page, over HTTP. */
async function personOrders(partner: Partner, person?: Awaited<ReturnType<typeof registryPerson>>) {
  const who = person ?? (await registryPerson());
  const endUser = await asEndUser(who.nationalId);
  const placed = await endUser
    .post(`/v1/order-pages/${await orderPageOf(partner)}/orders`)
    .send({ email: `p${randomInt(1e9)}@example.no`, company: 'Nordlys HF', delivery: { choice: 'registered' } })
    .expect(201);
  return { person: who, order: placed.body as { id: string; status: string; orderNumber: string } };
}

async function events(partner: Partner, type: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const page = await partner.get(`/v1/events?limit=100&type=${type}`).expect(200);
  return page.body.data as { type: string; data: Record<string, unknown> }[];
}

describe('approval policies and the roster (issue 12 parts 2 and 3)', function () {
  this.timeout(90_000);
  const receiver = new WebhookReceiver();
  before(() => receiver.start());
  after(() => receiver.stop());

  it('is manual by default, and the policy is set per card product, audited; another partner’s product is 404', async () => {
    const [partner, other] = [await freshPartner(), await freshPartner()];
    const listed = await partner.get('/v1/approval-policies').expect(200);
    assert.deepEqual(listed.body.data[0], {
      cardProductId: partner.cardProductId,
      cardProductName: 'Storkort',
      mode: 'manual',
      autoReject: null,
      revokeLeaversCards: false,
      reminderAfterWorkingDays: 3,
      version: 0,
      updatedAt: null,
    });
    const set = await partner
      .put(`/v1/approval-policies/${partner.cardProductId}`)
      .send({ mode: 'roster', autoReject: { afterDays: 10, message: 'Ikke funnet i personalregisteret.' } })
      .expect(200);
    assert.equal(set.body.mode, 'roster');
    assert.deepEqual(set.body.autoReject, { afterDays: 10, message: 'Ikke funnet i personalregisteret.' });
    assert.equal(set.body.version, 1);
    const bad = await partner.put(`/v1/approval-policies/${partner.cardProductId}`).send({ mode: 'auto' }).expect(400);
    assert.ok(bad.body.errors.some((e: { field: string }) => e.field.includes('mode')));
    await other.put(`/v1/approval-policies/${partner.cardProductId}`).send({ mode: 'roster' }).expect(404);
    await other.get(`/v1/approval-policies/${partner.cardProductId}`).expect(404);
  });

  it('approves at once an order from an active roster member (the policy as actor, order.approved sent); others wait', async () => {
    const partner = await freshPartner();
    await partner.put(`/v1/approval-policies/${partner.cardProductId}`).send({ mode: 'roster' }).expect(200);
    const staff = await registryPerson();
    const scim = scimClient(partner.token);
    const member = await scim.post('/Users', entraUser('lege@nordlys.example.no', staff.nationalId)).expect(201);
    // A PATCH that does not send the write-only number again keeps it for matching.
    await scim
      .patch(`/Users/${member.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'Replace', path: 'displayName', value: 'Dr. Ørjan Ås-Nilsen' }],
      })
      .expect(200);

    const { order } = await personOrders(partner, staff);
    assert.equal(order.status, 'approved', 'approved in the transaction that placed it');
    const detail = await partner.get(`/v1/orders/${order.id}`).expect(200);
    assert.equal(detail.body.status, 'approved');
    assert.equal(detail.body.card.status, 'in_production');
    const approval = detail.body.history.find((h: { action: string }) => h.action === 'approved');
    assert.equal(approval.by, 'approval_policy');
    const approvedEvents = await events(partner, 'order.approved');
    assert.ok(
      approvedEvents.some((e) => e.data.orderId === order.id),
      'order.approved in the feed',
    );

    const stranger = await personOrders(partner);
    assert.equal(stranger.order.status, 'pending', 'not in the roster: waits for the partner');

    // deactivated in the directory: the next order waits too
    await scim
      .patch(`/Users/${member.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      })
      .expect(200);
    const other = await freshPartner();
    await other.put(`/v1/approval-policies/${other.cardProductId}`).send({ mode: 'roster' }).expect(200);
    // on another partner's product, the first partner's roster does not count
    assert.equal((await personOrders(other, staff)).order.status, 'pending');
  });

  it('tells of a leaver by webhook, the partner revokes the card; with revokeLeaversCards the policy revokes it', async () => {
    const partner = await freshPartner();
    const endpoint = await partner
      .post('/v1/webhook-endpoints')
      .send({ url: receiver.url, eventTypes: ['staff.deactivated', 'card.revoked'] })
      .expect(201);
    await partner.put(`/v1/approval-policies/${partner.cardProductId}`).send({ mode: 'roster' }).expect(200);
    const scim = scimClient(partner.token);
    const operator = await asOperator();

    async function staffWithActiveCard(userName: string) {
      const person = await registryPerson();
      const member = await scim.post('/Users', entraUser(userName, person.nationalId)).expect(201);
      const { order } = await personOrders(partner, person);
      const cardId = (await partner.get(`/v1/orders/${order.id}`).expect(200)).body.card.id as string;
      await operator
        .post(`/v1/operator/cards/${cardId}/shipment`)
        .send({ trackingNumber: 'RR000000017NO' })
        .expect(200);
      await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(200);
      return { memberId: member.body.id as string, cardId, orderId: order.id };
    }

    const leaver = await staffWithActiveCard('sluttet@nordlys.example.no');
    await scim
      .patch(`/Users/${leaver.memberId}`, {
        schemas: [PATCH],
        Operations: [{ op: 'Replace', path: 'active', value: false }],
      })
      .expect(200);
    const told = receiver.verified(endpoint.body.secret as string, 'staff.deactivated');
    const webhook =
      told.find((e) => e.data.memberId === leaver.memberId) ??
      (await receiver.waitFor((r) => r.body.includes(leaver.memberId), 'staff.deactivated'),
      receiver
        .verified(endpoint.body.secret as string, 'staff.deactivated')
        .find((e) => e.data.memberId === leaver.memberId)!);
    assert.equal(webhook.data.change, 'deactivated');
    assert.equal(webhook.data.revokedByPolicy, false);
    assert.deepEqual(
      (webhook.data.cards as { cardId: string; status: string }[]).map((c) => [c.cardId, c.status]),
      [[leaver.cardId, 'active']],
    );
    assert.ok((await events(partner, 'staff.deactivated')).some((e) => e.data.memberId === leaver.memberId));

    const revoked = await partner
      .post(`/v1/cards/${leaver.cardId}/revocation`)
      .send({ reason: 'Sluttet 30.11.2026' })
      .expect(200);
    assert.deepEqual(revoked.body, {
      cardId: leaver.cardId,
      serialNumber: revoked.body.serialNumber,
      status: 'revoked',
    });
    await partner.post(`/v1/cards/${leaver.cardId}/revocation`).send({ reason: 'igjen' }).expect(409);
    const stranger = await freshPartner();
    await stranger.post(`/v1/cards/${leaver.cardId}/revocation`).send({ reason: 'x' }).expect(404);

    // the policy option: revoked in the same step as the directory's deletion, by the policy
    await partner
      .put(`/v1/approval-policies/${partner.cardProductId}`)
      .send({ mode: 'roster', revokeLeaversCards: true })
      .expect(200);
    const second = await staffWithActiveCard('sluttet2@nordlys.example.no');
    await scim.delete(`/Users/${second.memberId}`).expect(204);
    const auto = await receiver.waitFor((r) => r.body.includes(second.memberId), 'staff.deactivated (deleted)');
    const payload = JSON.parse(auto.body) as {
      data: { change: string; revokedByPolicy: boolean; cards: { status: string }[] };
    };
    assert.equal(payload.data.change, 'deleted');
    assert.equal(payload.data.revokedByPolicy, true);
    assert.equal(payload.data.cards[0].status, 'revoked');
    const order = await partner.get(`/v1/orders/${second.orderId}`).expect(200);
    assert.equal(order.body.card.status, 'revoked');
    await receiver.waitFor((r) => r.body.includes('"card.revoked"') && r.body.includes(second.cardId), 'card.revoked');
    const [audit] = await ctx().dataSource.query<{ actor_type: string; actor_id: string }[]>(
      `SELECT actor_type, actor_id FROM audit_event WHERE subject_type = 'card' AND subject_id = $1 AND action = 'revoked'`,
      [second.cardId],
    );
    assert.equal(audit.actor_type, 'approval_policy');
  });

  it('never returns or logs the national identity number the directory sent', async () => {
    const partner = await freshPartner();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = createApp({ ...ctx().services, logger: createLogger('info', sink) });
    const person = await registryPerson();
    const auth = `Bearer ${partner.token}`;
    const body = JSON.stringify(entraUser('hemmelig@nordlys.example.no', person.nationalId));
    const answers: string[] = [];
    const created = await request(app)
      .post('/scim/v2/Users')
      .set('Authorization', auth)
      .set('Content-Type', 'application/scim+json')
      .send(body)
      .expect(201);
    const id = created.body.id as string;
    answers.push(created.text);
    for (const path of [
      `/scim/v2/Users/${id}`,
      '/scim/v2/Users',
      `/scim/v2/Users?filter=${encodeURIComponent('userName eq "hemmelig@nordlys.example.no"')}`,
      `/scim/v2/Users?attributes=urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User:nationalIdentityNumber`,
      '/v1/roster/members',
      `/v1/roster/members/${id}`,
    ])
      answers.push((await request(app).get(path).set('Authorization', auth).expect(200)).text);
    const patched = await request(app)
      .patch(`/scim/v2/Users/${id}`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/scim+json')
      .send(
        JSON.stringify({
          schemas: [PATCH],
          Operations: [
            {
              op: 'replace',
              path: 'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User:nationalIdentityNumber',
              value: person.nationalId,
            },
          ],
        }),
      )
      // 204: nothing the directory can read changed (the number is write-only); the new hash is stored all the same
      .expect(204);
    answers.push(patched.text);
    await new Promise((resolve) => setImmediate(resolve));
    for (const answer of answers)
      assert.ok(!answer.includes(person.nationalId), `an answer holds the number: ${answer}`);
    const log = lines.join('\n');
    assert.ok(lines.length >= 8, 'the access log was written');
    assert.ok(!log.includes(person.nationalId), `the log holds the number:\n${log}`);
    const [stored] = await ctx().dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM roster_member WHERE id = $1`,
      [id],
    );
    assert.ok(!JSON.stringify(stored).includes(person.nationalId), 'stored only as its keyed hash');
    assert.match(String(stored.national_id_hash), /^[0-9a-f]{64}$/);
    const audit = await ctx().dataSource.query<unknown[]>(`SELECT changes FROM audit_event WHERE partner_id = $1`, [
      partner.partnerId,
    ]);
    assert.ok(!JSON.stringify(audit).includes(person.nationalId), 'not in the audit trail');
  });
});

describe('reminders and automatic rejection (issue 12 parts 2 and 4)', function () {
  this.timeout(90_000);
  afterEach(() => ctx().clock.reset());

  /** The first Monday at least `days` ahead, 08:00 in Oslo (07:00 UTC in winter, 06:00 in summer: 06:30 UTC is both). */
  function mondayAhead(days: number): Date {
    const at = new Date(Date.now() + days * 86_400_000);
    while (at.getUTCDay() !== 1) at.setUTCDate(at.getUTCDate() + 1);
    at.setUTCHours(6, 30, 0, 0);
    return at;
  }

  it('sends one daily digest of the orders pending 3 working days, and orders.overdue', async () => {
    const mailbox = `godkjenning-${randomInt(1e9)}@nordlys.example.no`;
    const partner = await freshPartner({ mailbox });
    const waiting = await partner.pendingOrder({ familyName: 'Venter' });
    const operator = await asOperator();
    // Today it has waited no working day: no digest for it.
    const today = await operator.post('/v1/operator/jobs/approval-policies/runs').expect(200);
    assert.equal(today.body.job, 'approval-policies');
    assert.ok(!(await events(partner, 'orders.overdue')).length);

    ctx().clock.set(mondayAhead(14)); // at least 8 working days later, Easter or not
    const run = await operator.post('/v1/operator/jobs/approval-policies/runs').expect(200);
    assert.ok(run.body.details.reminded >= 1);
    const digest = await ctx().mail.waitFor(
      (m) =>
        /venter på godkjenning/.test(m.subject ?? '') &&
        [m.to].flat().some((to) => to?.value.some((v) => v.address === mailbox)),
      'the reminder digest',
    );
    assert.match(digest.subject ?? '', /1 bestilling venter på godkjenning/);
    assert.match(digest.text ?? '', new RegExp(waiting.orderNumber));
    const [overdue] = await events(partner, 'orders.overdue');
    const orders = overdue.data.orders as { orderId: string; workingDaysPending: number }[];
    assert.equal(orders[0].orderId, waiting.id);
    assert.ok(orders[0].workingDaysPending >= 3);

    // the same day again: nothing twice
    await operator.post('/v1/operator/jobs/approval-policies/runs').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(
      ctx()
        .mail.to(mailbox)
        .filter((m) => /venter på godkjenning/.test(m.subject ?? '')).length,
      1,
    );
    assert.equal((await events(partner, 'orders.overdue')).length, 1);
  });

  it('rejects what is pending longer than autoReject.afterDays, by the policy, with its message', async () => {
    const partner = await freshPartner();
    await partner
      .put(`/v1/approval-policies/${partner.cardProductId}`)
      .send({ mode: 'roster', autoReject: { afterDays: 5, message: 'Du står ikke i personalregisteret vårt.' } })
      .expect(200);
    const order = await partner.pendingOrder();
    const operator = await asOperator();
    await operator.post('/v1/operator/jobs/approval-policies/runs').expect(200);
    assert.equal((await partner.get(`/v1/orders/${order.id}`).expect(200)).body.status, 'pending');
    ctx().clock.set(new Date(Date.now() + 6 * 86_400_000));
    const run = await operator.post('/v1/operator/jobs/approval-policies/runs').expect(200);
    assert.ok(run.body.details.rejected >= 1);
    const rejected = await partner.get(`/v1/orders/${order.id}`).expect(200);
    assert.equal(rejected.body.status, 'rejected');
    assert.deepEqual(rejected.body.rejection, { reason: 'other', message: 'Du står ikke i personalregisteret vårt.' });
    assert.equal(rejected.body.history.find((h: { action: string }) => h.action === 'rejected').by, 'approval_policy');
    await until(
      () => events(partner, 'order.rejected'),
      (list) => list.some((e) => e.data.orderId === order.id),
      'order.rejected in the feed',
    );
  });
});
