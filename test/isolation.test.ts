import assert from 'node:assert/strict';
import { ctx } from './support/context';
import { as, partnerId, pendingOrder } from './support/fixtures';

/** Another partner's objects are invisible: 404, never 403 and never the object. */
describe('partner isolation', () => {
  it('answers 404 on every order endpoint for another partner\'s order, and changes nothing', async () => {
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
    const [row] = await ctx().dataSource.query(`SELECT status, company, version FROM card_order WHERE id = $1`, [theirs.id]);
    assert.deepEqual(row, { status: 'pending', company: 'Fjordheim', version: 1 });
  });

  it('answers 404 for another partner\'s end user, and lists only the caller\'s end users', async () => {
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
      const page: { data: { id: string }[]; nextCursor: string | null } = (await api.get(`/v1/end-users?limit=100${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body;
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

  it('never lists another partner\'s orders', async () => {
    const theirs = await pendingOrder('fjordheim', { company: 'Bare Fjordheim ser dette' });
    const api = await as('nordlys');
    const found = (await api.get(`/v1/orders?q=${encodeURIComponent('Bare Fjordheim')}`).expect(200)).body.data;
    assert.equal(found.length, 0);
    const fjordheim = await as('fjordheim');
    const theirsFound = (await fjordheim.get(`/v1/orders?q=${encodeURIComponent('Bare Fjordheim')}`).expect(200)).body.data;
    assert.deepEqual(theirsFound.map((o: { id: string }) => o.id), [theirs.id]);
  });

  it('an end user with cards at both partners shows each partner only its own cards and orders', async () => {
    // Siri Løvås: an active card and a pending renewal at Nordlys in the demo data.
    const nordlys = await as('nordlys');
    const list = (await nordlys.get(`/v1/end-users?q=${encodeURIComponent('Siri Løvås')}`).expect(200)).body.data;
    assert.equal(list.length, 1);
    const detail = (await nordlys.get(`/v1/end-users/${list[0].id}`).expect(200)).body;
    assert.ok(detail.cards.length >= 1);
    assert.ok(detail.orders.some((o: { kind: string; status: string }) => o.kind === 'renewal' && o.status === 'pending'));
    const mine = await partnerId('nordlys');
    for (const card of detail.cards) {
      const [row] = await ctx().dataSource.query(`SELECT partner_id FROM card WHERE id = $1`, [card.id]);
      assert.equal(row.partner_id, mine);
    }
  });
});
