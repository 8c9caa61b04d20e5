import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ctx } from './support/context';
import { as, asOperator, freshPartner, pendingOrder } from './support/fixtures';

describe('GET /v1/orders', () => {
  it('lists pending and approved orders newest first, never rejected ones', async () => {
    const partner = await freshPartner();
    const first = await partner.pendingOrder();
    const second = await partner.pendingOrder();
    const third = await partner.pendingOrder();
    await partner.post(`/v1/orders/${second.id}/approve`).expect(200);
    await partner.post(`/v1/orders/${third.id}/reject`).send({ reason: 'other', message: 'Nei' }).expect(200);
    const res = await partner.get('/v1/orders').expect(200);
    assert.deepEqual(
      res.body.data.map((o: { id: string; status: string }) => [o.id, o.status]),
      [
        [second.id, 'approved'],
        [first.id, 'pending'],
      ],
    );
  });

  it('filters by status, kind, card product and order date (Oslo calendar dates)', async () => {
    const api = await as('nordlys');
    const mine = await pendingOrder('nordlys');
    const pending = (await api.get('/v1/orders?status=pending').expect(200)).body.data;
    assert.equal(pending[0].id, mine.id, 'its own pending order, newest');
    assert.ok(pending.length > 0 && pending.every((o: { status: string }) => o.status === 'pending'));
    const renewals = (await api.get('/v1/orders?kind=renewal').expect(200)).body.data;
    assert.ok(renewals.length > 0 && renewals.every((o: { kind: string }) => o.kind === 'renewal'));
    const productId = pending[0].cardProduct.id;
    const onProduct = (await api.get(`/v1/orders?cardProductId=${productId}`).expect(200)).body.data;
    assert.ok(
      onProduct.length > 0 && onProduct.every((o: { cardProduct: { id: string } }) => o.cardProduct.id === productId),
    );
    const none = (await api.get(`/v1/orders?cardProductId=00000000-0000-4000-8000-000000000000`).expect(200)).body.data;
    assert.equal(none.length, 0);

    const [row] = await ctx().dataSource.query(
      `SELECT (created_at AT TIME ZONE 'Europe/Oslo')::date::text AS day FROM card_order WHERE order_number = $1`,
      [pending[0].orderNumber],
    );
    const sameDay = (await api.get(`/v1/orders?orderedFrom=${row.day}&orderedTo=${row.day}&limit=100`).expect(200)).body
      .data;
    assert.ok(sameDay.some((o: { id: string }) => o.id === pending[0].id));
    for (const o of sameDay) {
      const [check] = await ctx().dataSource.query(
        `SELECT (created_at AT TIME ZONE 'Europe/Oslo')::date::text AS day FROM card_order WHERE id = $1`,
        [o.id],
      );
      assert.equal(check.day, row.day);
    }
    const before = (await api.get(`/v1/orders?orderedTo=2000-01-01`).expect(200)).body.data;
    assert.equal(before.length, 0);
  });

  it('finds orders by end-user name, company field (æ, ø, å) and order number', async () => {
    const order = await pendingOrder('nordlys', { company: 'Sjøsiden Ærlige Åsgårdstrand', familyName: 'Grønnåsen' });
    const api = await as('nordlys');
    for (const q of ['grønnåsen', 'ÆRLIGE', 'Åsgård', order.orderNumber]) {
      const found = (await api.get(`/v1/orders?q=${encodeURIComponent(q)}`).expect(200)).body.data;
      assert.deepEqual(
        found.map((o: { id: string }) => o.id),
        [order.id],
        `search for ${q}`,
      );
    }
    const literal = (await api.get(`/v1/orders?q=${encodeURIComponent('%')}`).expect(200)).body.data;
    assert.equal(literal.length, 0, '% is matched literally');
  });

  it('pages with a cursor: every order once, stable when new orders arrive meanwhile', async () => {
    const partner = await freshPartner();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.unshift((await partner.pendingOrder()).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await partner.get(url).expect(200)).body;
      seen.push(...page.data.map((o: { id: string }) => o.id));
      if (pages === 0) await partner.pendingOrder(); // a newer order must not shift the pages after the first
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.deepEqual(seen, made, 'the seven, newest first, each once; not the one placed meanwhile');
    assert.equal(pages, 3);
  });
});

describe('GET /v1/orders/{orderId}', () => {
  it('shows the delivery address the end user chose, apart from the registered one', async () => {
    const order = await pendingOrder('nordlys', {
      deliverTo: { street: 'Sykehusveien 12', postalCode: '9019', city: 'TROMSØ' },
    });
    const res = await (await as('nordlys')).get(`/v1/orders/${order.id}`).expect(200);
    assert.deepEqual(
      {
        choice: res.body.deliveryAddress.choice,
        street: res.body.deliveryAddress.street,
        city: res.body.deliveryAddress.city,
      },
      { choice: 'other', street: 'Sykehusveien 12', city: 'TROMSØ' },
    );
    assert.equal(res.body.registeredAddress.street, 'Registrertveien 1');
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.history[0].action, 'placed');
    assert.equal(res.body.endUserDetails.id, order.endUserId);
  });

  it('shows the registered address as delivery address when that was the choice', async () => {
    const order = await pendingOrder('nordlys');
    const res = await (await as('nordlys')).get(`/v1/orders/${order.id}`).expect(200);
    assert.equal(res.body.deliveryAddress.choice, 'registered');
    assert.equal(res.body.deliveryAddress.street, res.body.registeredAddress.street);
  });
});

describe('PATCH /v1/orders/{orderId}: the company field', () => {
  const samples = [
    'Ærlige Øyvind & Åse AS',
    'Sjukeheimen på Ørsta – avd. Æ',
    'Ŋuorggáš Sámi 🚑',
    '株式会社 ほげ',
    '  leading and trailing  ',
    'x'.repeat(200),
  ];
  for (const company of samples) {
    it(`saves and reads back ${JSON.stringify(company.slice(0, 30))} exactly`, async () => {
      const order = await pendingOrder('nordlys');
      const api = await as('nordlys');
      const patched = await api.patch(`/v1/orders/${order.id}`).send({ company }).expect(200);
      assert.equal(patched.body.company, company);
      const read = await api.get(`/v1/orders/${order.id}`).expect(200);
      assert.equal(Buffer.from(read.body.company).toString('hex'), Buffer.from(company).toString('hex'));
      const history = read.body.history.at(-1);
      assert.equal(history.action, 'company_corrected');
      assert.equal(history.by, 'demo-nordlys');
      assert.equal(history.changes.company.to, company);
    });
  }

  it('round-trips any well-formed one-line Unicode text (property)', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
          .filter((s) => s.trim().length > 0 && !/\p{Cc}/u.test(s) && s.length <= 200),
        async (company) => {
          const res = await api.patch(`/v1/orders/${order.id}`).send({ company });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          const read = await api.get(`/v1/orders/${order.id}`);
          assert.equal(read.body.company, company);
        },
      ),
      { numRuns: 40 },
    );
  });

  const invalid: Array<[string, unknown, string]> = [
    ['too long', { company: 'x'.repeat(201) }, 'company'],
    ['empty', { company: '' }, 'company'],
    ['only spaces', { company: '   ' }, 'company'],
    ['with a line break', { company: 'a\nb' }, 'company'],
    ['with a lone surrogate', { company: 'a\ud800b' }, 'company'],
    ['missing', {}, 'company'],
    ['not text', { company: 42 }, 'company'],
    ['with an unknown field', { company: 'ok', status: 'approved' }, 'status'],
  ];
  for (const [what, body, field] of invalid) {
    it(`refuses a company field that is ${what}, naming the field, and changes nothing`, async () => {
      const order = await pendingOrder('nordlys', { company: 'Før' });
      const api = await as('nordlys');
      const res = await api.patch(`/v1/orders/${order.id}`).send(body as object);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.headers['content-type'], /^application\/problem\+json/);
      assert.equal(res.body.code, 'validation-failed');
      assert.ok(
        res.body.errors.some((e: { field: string; in: string }) => e.field.includes(field) && e.in === 'body'),
        JSON.stringify(res.body.errors),
      );
      assert.equal((await api.get(`/v1/orders/${order.id}`)).body.company, 'Før');
    });
  }

  it('answers 409 on an order that is no longer pending, saying why', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    await api.post(`/v1/orders/${order.id}/approve`).expect(200);
    const res = await api.patch(`/v1/orders/${order.id}`).send({ company: 'For sent' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'order-not-pending');
    assert.match(res.body.detail, /is approved/);
  });
});

describe('approve and reject', () => {
  it('approves: the card goes to production, the order stays in the list for ever', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    const res = await api.post(`/v1/orders/${order.id}/approve`).expect(200);
    assert.equal(res.body.status, 'approved');
    assert.equal(res.body.card.status, 'in_production');
    assert.ok(res.body.decidedAt);
    assert.equal(res.headers.etag, '"2"');
    const approved = (await api.get(`/v1/orders?status=approved&q=${order.orderNumber}`).expect(200)).body.data;
    assert.equal(approved.length, 1);
    // For ever: after its card is revoked, and after another's card has expired, both orders are still listed.
    const operator = await asOperator();
    const card = res.body.card.id as string;
    await operator.post(`/v1/operator/cards/${card}/shipment`).send({ trackingNumber: 'RR123456785NO' }).expect(200);
    await operator.post(`/v1/operator/cards/${card}/activation`).expect(200);
    await operator.post(`/v1/operator/cards/${card}/revocation`).send({ reason: 'lost' }).expect(200);
    const expiring = await pendingOrder('nordlys');
    const expiringCard = (await api.post(`/v1/orders/${expiring.id}/approve`).expect(200)).body.card.id as string;
    await operator
      .post(`/v1/operator/cards/${expiringCard}/shipment`)
      .send({ trackingNumber: 'RR123456785NO' })
      .expect(200);
    await operator.post(`/v1/operator/cards/${expiringCard}/activation`).expect(200);
    await ctx().dataSource.query(`UPDATE card SET expires_on = '2030-01-31' WHERE id = $1`, [expiringCard]);
    ctx().clock.set(new Date('2030-02-01T08:00:00+01:00'));
    try {
      await operator.post('/v1/operator/jobs/expire-cards/runs').expect(200);
    } finally {
      ctx().clock.reset();
    }
    for (const [orderId, cardStatus] of [
      [order.id, 'revoked'],
      [expiring.id, 'expired'],
    ]) {
      const listed = (
        await api
          .get(`/v1/orders?status=approved&q=${(await api.get(`/v1/orders/${orderId}`)).body.orderNumber}`)
          .expect(200)
      ).body.data;
      assert.deepEqual(
        listed.map((o: { id: string }) => o.id),
        [orderId],
      );
      assert.equal(listed[0].status, 'approved');
      assert.equal((await api.get(`/v1/orders/${orderId}`).expect(200)).body.card.status, cardStatus);
      assert.ok(
        (await api.get(`/v1/orders?q=${listed[0].orderNumber}`).expect(200)).body.data.length === 1,
        'in the default list too',
      );
    }
    const [audit] = await ctx().dataSource.query(
      `SELECT actor_id, request_id FROM audit_event WHERE subject_id = $1 AND action = 'approved'`,
      [order.id],
    );
    assert.equal(audit.actor_id, 'demo-nordlys');
    assert.equal(audit.request_id, res.headers['request-id']);
  });

  it('rejects with a reason and a message; the order leaves the lists but can still be read', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    const body = {
      reason: 'moved_to_other_partner',
      message: 'Du har flyttet til en annen arbeidsgiver. Bestill som ny kunde der.',
    };
    const res = await api.post(`/v1/orders/${order.id}/reject`).send(body).expect(200);
    assert.deepEqual(res.body.rejection, body);
    assert.equal(res.body.card, undefined);
    const listed = (await api.get(`/v1/orders?q=${order.orderNumber}`).expect(200)).body.data;
    assert.equal(listed.length, 0);
    assert.equal((await api.get(`/v1/orders/${order.id}`).expect(200)).body.status, 'rejected');
  });

  it('refuses a rejection without a known reason or without a message', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    const noReason = await api.post(`/v1/orders/${order.id}/reject`).send({ message: 'Nei' });
    assert.equal(noReason.status, 400);
    assert.ok(noReason.body.errors.some((e: { field: string }) => e.field === 'reason'));
    const badReason = await api.post(`/v1/orders/${order.id}/reject`).send({ reason: 'because', message: 'Nei' });
    assert.equal(badReason.status, 400);
    const noMessage = await api.post(`/v1/orders/${order.id}/reject`).send({ reason: 'other', message: ' ' });
    assert.equal(noMessage.status, 400);
    assert.ok(noMessage.body.errors.some((e: { field: string }) => e.field === 'message'));
    assert.equal((await api.get(`/v1/orders/${order.id}`)).body.status, 'pending');
  });

  it('20 concurrent approve and reject calls on one order: exactly one wins, the others get 409', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? api.post(`/v1/orders/${order.id}/approve`).then((r) => r)
        : api
            .post(`/v1/orders/${order.id}/reject`)
            .send({ reason: 'other', message: 'Nei takk' })
            .then((r) => r),
    );
    const results = await Promise.all(calls);
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
    const decisions = await ctx().dataSource.query(
      `SELECT action FROM audit_event WHERE subject_id = $1 AND action IN ('approved', 'rejected')`,
      [order.id],
    );
    assert.equal(decisions.length, 1);
    const cards = await ctx().dataSource.query(`SELECT id FROM card WHERE order_id = $1`, [order.id]);
    const winner = results.find((r) => r.status === 200)!;
    assert.equal(cards.length, winner.body.status === 'approved' ? 1 : 0);
  });

  it('with If-Match: a stale version gets 412 and changes nothing; the current one succeeds', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    const read = await api.get(`/v1/orders/${order.id}`).expect(200);
    await api
      .patch(`/v1/orders/${order.id}`)
      .set('If-Match', read.headers.etag)
      .send({ company: 'Ny verdi' })
      .expect(200);
    const stale = await api.post(`/v1/orders/${order.id}/approve`).set('If-Match', read.headers.etag);
    assert.equal(stale.status, 412);
    assert.equal(stale.body.code, 'precondition-failed');
    const current = await api.get(`/v1/orders/${order.id}`);
    assert.equal(current.body.status, 'pending');
    await api.post(`/v1/orders/${order.id}/approve`).set('If-Match', current.headers.etag).expect(200);
  });

  it('Idempotency-Key: a retry replays the first answer; the same key with another body is 422', async () => {
    const order = await pendingOrder('nordlys');
    const api = await as('nordlys');
    const key = `test-${order.id}`;
    const first = await api.post(`/v1/orders/${order.id}/approve`).set('Idempotency-Key', key).expect(200);
    const retry = await api.post(`/v1/orders/${order.id}/approve`).set('Idempotency-Key', key);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, first.body);
    const other = await api
      .post(`/v1/orders/${order.id}/reject`)
      .set('Idempotency-Key', key)
      .send({ reason: 'other', message: 'x' });
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'idempotency-key-reused');
    const withoutKey = await api.post(`/v1/orders/${order.id}/approve`);
    assert.equal(withoutKey.status, 409);
  });
});
