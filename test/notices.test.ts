import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { ctx } from './support/context';
import { endUserWithActiveCard, freshPartner, pendingOrder } from './support/fixtures';
import { eventType, WebhookReceiver } from './support/webhook-receiver';

interface HistoryEntry {
  at?: string;
  action: string;
  by: string;
  changes: Record<string, unknown>;
}

/** A partner of the test's own (its mailbox setting the test's alone), with a reader of its orders' history. */
async function ownPartner(mailbox: string | null) {
  const partner = await freshPartner(mailbox ? { mailbox } : {});
  const history = async (orderId: string) =>
    (await partner.get(`/v1/orders/${orderId}`).expect(200)).body.history as HistoryEntry[];
  /** Waits until the order's history has an entry like `wanted` (the sender records a notice once the mail server took it). */
  const historyEntry = async (
    orderId: string,
    wanted: (h: HistoryEntry) => boolean,
    what: string,
  ): Promise<HistoryEntry> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = (await history(orderId)).find(wanted);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no history entry ${what} within 15 s: ${JSON.stringify(await history(orderId))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    ...partner,
    call: (method: 'get' | 'post', url: string) => (method === 'get' ? partner.get(url) : partner.post(url)),
    history,
    historyEntry,
  };
}

const sent = (notice: string) => (h: HistoryEntry) => h.action === 'notice_sent' && h.changes.notice === notice;
const notSent = (notice: string) => (h: HistoryEntry) => h.action === 'notice_not_sent' && h.changes.notice === notice;

describe('notices: each is sent or recorded as not sendable', function () {
  this.timeout(30_000);
  const receiver = new WebhookReceiver();
  before(() => receiver.start());
  after(() => receiver.stop());

  it("the partner's copy goes to its mailbox and the history says so", async () => {
    const mailbox = `bestilling-${randomInt(1e9)}@partner.example.no`;
    const partner = await ownPartner(mailbox);
    const order = await pendingOrder('nordlys', { cardProductId: partner.cardProductId });
    const copy = await ctx().mail.waitFor(
      (m) => m.subject?.startsWith(`Kopi av bestillingsbekreftelse ${order.orderNumber}`) === true,
      'the partner copy',
    );
    assert.ok(ctx().mail.to(mailbox).includes(copy));
    const { at: _at, ...entry } = await partner.historyEntry(order.id, sent('partner_order_copy'), 'partner copy sent');
    assert.deepEqual(entry, {
      action: 'notice_sent',
      by: 'system',
      changes: { notice: 'partner_order_copy', to: mailbox },
    });
    await partner.historyEntry(order.id, sent('order_confirmation'), 'confirmation sent');
    assert.ok(!(await partner.history(order.id)).some((h) => h.action === 'notice_not_sent'));
  });

  it('a partner without a mailbox hears of the order by webhook, and the history records the copy as not sent', async () => {
    const partner = await ownPartner(null);
    await partner
      .call('post', '/v1/webhook-endpoints')
      .send({ url: receiver.url, eventTypes: ['order.created'] })
      .expect(201);
    const order = await pendingOrder('nordlys', { cardProductId: partner.cardProductId });
    const history = await partner.history(order.id);
    const entry = history.find(notSent('partner_order_copy'));
    assert.ok(entry, JSON.stringify(history));
    assert.equal(entry.changes.instead, 'the order.created webhook event');
    const [{ copies }] = await ctx().dataSource.query(
      `SELECT count(*)::int AS copies FROM email_message WHERE subject_id = $1 AND notice = 'partner_order_copy'`,
      [order.id],
    );
    assert.equal(copies, 0);
    const event = await receiver.waitFor((r) => r.body.includes(order.id), 'order.created');
    assert.equal(eventType(event), 'order.created');
  });

  it('a rejection is e-mailed to an end user with an address, recorded as not sent for one without', async () => {
    const partner = await ownPartner(null);
    const told = await pendingOrder('nordlys', {
      cardProductId: partner.cardProductId,
      email: `avvist-${randomInt(1e9)}@example.no`,
    });
    const untold = await pendingOrder('nordlys', { cardProductId: partner.cardProductId, email: null });
    for (const order of [told, untold]) {
      await partner
        .call('post', `/v1/orders/${order.id}/reject`)
        .send({ reason: 'not_affiliated', message: 'Ukjent hos oss' })
        .expect(200);
    }
    await ctx().mail.waitFor(
      (m) => m.subject === `Bestillingen din ${told.orderNumber} er avvist`,
      'the rejection notice',
    );
    await partner.historyEntry(told.id, sent('rejection'), 'rejection sent');
    const history = await partner.history(untold.id);
    assert.deepEqual(
      history.filter((h) => h.action === 'notice_not_sent').map((h) => h.changes.notice),
      ['order_confirmation', 'partner_order_copy', 'rejection'],
    );
    assert.equal(history.find(notSent('rejection'))!.changes.reason, 'the end user has no e-mail address');
    const [{ emails }] = await ctx().dataSource.query(
      `SELECT count(*)::int AS emails FROM email_message WHERE subject_id = $1`,
      [untold.id],
    );
    assert.equal(emails, 0);
  });

  it('an end user without an e-mail address cannot order on My Page until they add one', async () => {
    const holder = await endUserWithActiveCard('nordlys');
    // A customer from before self-service, who never gave an address.
    await ctx().dataSource.query(`UPDATE end_user SET email = NULL WHERE national_id = $1`, [holder.person.nationalId]);
    const additional = { kind: 'additional', cardId: holder.cardId, delivery: { choice: 'registered' } };
    const refused = await holder.endUser.post('/v1/me/orders').send(additional).expect(409);
    assert.equal(refused.body.code, 'order-not-possible');
    assert.match(refused.body.detail, /e-mail address/);
    await holder.endUser
      .patch('/v1/me')
      .send({ email: `ny-${randomInt(1e9)}@example.no` })
      .expect(200);
    await holder.endUser.post('/v1/me/orders').send(additional).expect(201);
  });
});
