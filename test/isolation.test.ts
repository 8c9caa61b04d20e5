import assert from 'node:assert/strict';
import { ctx } from './support/context';
import { randomInt } from 'node:crypto';
import { as, endUserWithActiveCard, partnerId, pendingOrder } from './support/fixtures';

/** Another partner's objects are invisible: 404, never 403 and never the object. */
describe('partner isolation', () => {
  it("answers 404 on every order endpoint for another partner's order, and changes nothing", async () => {
    const theirs = await pendingOrder('fjordheim', { company: 'Fjordheim' });
    const api = await as('nordlys');
    const attempts = [
      api.get(`/v1/orders/${theirs.id}`),
      api.patch(`/v1/orders/${theirs.id}`).send({ company: 'Kapret' }),
      api.post(`/v1/orders/${theirs.id}/approve`),
      api.post(`/v1/orders/${theirs.id}/reject`).send({ reason: 'other', message: 'Kapret' }),
    ];
    for (const res of await Promise.all(attempts)) {
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'not-found');
      assert.doesNotMatch(res.text, /Fjordheim/);
    }
    const [row] = await ctx().dataSource.query(`SELECT status, company, version FROM card_order WHERE id = $1`, [
      theirs.id,
    ]);
    assert.deepEqual(row, { status: 'pending', company: 'Fjordheim', version: 1 });
  });

  it("answers 404 for another partner's end user, and lists only the caller's end users", async () => {
    const theirs = await pendingOrder('fjordheim');
    const api = await as('nordlys');
    const res = await api.get(`/v1/end-users/${theirs.endUserId}`);
    assert.equal(res.status, 404);
    const mine = await pendingOrder('nordlys');
    await api.get(`/v1/end-users/${mine.endUserId}`).expect(200);
    const nordlys = await partnerId('nordlys');
    let cursor: string | null = null;
    const ids: string[] = [];
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await api.get(`/v1/end-users?limit=100${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body;
      ids.push(...page.data.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.ok(!ids.includes(theirs.endUserId));
    for (const id of ids) {
      const [link] = await ctx().dataSource.query(
        `SELECT 1 FROM card_order WHERE end_user_id = $1 AND partner_id = $2 UNION SELECT 1 FROM card WHERE end_user_id = $1 AND partner_id = $2`,
        [id, nordlys],
      );
      assert.ok(link, `end user ${id} belongs to nordlys`);
    }
  });

  it("never lists another partner's orders", async () => {
    const theirs = await pendingOrder('fjordheim', { company: 'Bare Fjordheim ser dette' });
    const api = await as('nordlys');
    const found = (await api.get(`/v1/orders?q=${encodeURIComponent('Bare Fjordheim')}`).expect(200)).body.data;
    assert.equal(found.length, 0);
    const fjordheim = await as('fjordheim');
    const theirsFound = (await fjordheim.get(`/v1/orders?q=${encodeURIComponent('Bare Fjordheim')}`).expect(200)).body
      .data;
    assert.deepEqual(
      theirsFound.map((o: { id: string }) => o.id),
      [theirs.id],
    );
  });

  it('an end user with cards at both partners shows each partner only its own cards and orders', async () => {
    // One person, a card at Nordlys, then a first order on Fjordheim's order page, approved there: a card at each.
    const holder = await endUserWithActiveCard('nordlys');
    const atFjordheim = (
      await holder.endUser
        .post('/v1/order-pages/fjordheim-helse/orders')
        .send({
          email: `begge-${randomInt(1e9)}@example.no`,
          company: 'Fjordheim legekontor',
          delivery: { choice: 'registered' },
        })
        .expect(201)
    ).body;
    const fjordheimCard = (await (await as('fjordheim')).post(`/v1/orders/${atFjordheim.id}/approve`).expect(200)).body
      .card;
    const myCards = (await holder.endUser.get('/v1/me/cards').expect(200)).body.data
      .map((c: { id: string }) => c.id)
      .sort();
    assert.deepEqual(myCards, [holder.cardId, fjordheimCard.id].sort(), 'the person holds a card at each partner');

    const views = {
      nordlys: { card: holder.cardId, order: holder.order.id, otherCard: fjordheimCard.id, otherOrder: atFjordheim.id },
      fjordheim: {
        card: fjordheimCard.id,
        order: atFjordheim.id,
        otherCard: holder.cardId,
        otherOrder: holder.order.id,
      },
    };
    const endUserIds = new Set<string>();
    for (const [partner, view] of Object.entries(views) as ['nordlys' | 'fjordheim', typeof views.nordlys][]) {
      const api = await as(partner);
      const found = (await api.get(`/v1/end-users?q=${holder.person.nationalId}`).expect(200)).body.data;
      assert.equal(found.length, 1, `${partner} finds the person`);
      endUserIds.add(found[0].id);
      assert.equal(found[0].activeCards, partner === 'nordlys' ? 1 : 0, `${partner} counts only its own active cards`);
      const detail = (await api.get(`/v1/end-users/${found[0].id}`).expect(200)).body;
      assert.deepEqual(
        detail.cards.map((c: { id: string }) => c.id),
        [view.card],
        `${partner} sees only its own card`,
      );
      assert.deepEqual(
        detail.orders.map((o: { id: string }) => o.id),
        [view.order],
        `${partner} sees only its own order`,
      );
      await api.get(`/v1/orders/${view.order}`).expect(200);
      await api.get(`/v1/orders/${view.otherOrder}`).expect(404);
      const report = (await api.get('/v1/reports/approved-orders?limit=100').expect(200)).body.data.map(
        (r: { cardSerialNumber: string }) => r.cardSerialNumber,
      );
      const serials = { [holder.cardId]: holder.serialNumber, [fjordheimCard.id]: fjordheimCard.serialNumber };
      assert.ok(
        report.includes(serials[view.card]) && !report.includes(serials[view.otherCard]),
        `${partner}'s approved-orders report`,
      );
    }
    assert.equal(endUserIds.size, 1, 'the same person in both views');
  });
});
