import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { ctx } from './support/context';
import { as, asEndUser, asOperator, endUserWithActiveCard, registryPerson } from './support/fixtures';

const registered = { choice: 'registered' };

function firstOrder(overrides: Record<string, unknown> = {}) {
  return {
    email: `person-${randomInt(1e9)}@example.no`,
    company: 'Nordlys Legesenter Bodø',
    delivery: registered,
    ...overrides,
  };
}

describe('the order page', () => {
  it('shows a card product publicly; an unknown code is 404', async () => {
    const page = await request(ctx().app).get('/v1/order-pages/fjordheim-helse').expect(200);
    assert.deepEqual(page.body, {
      cardProductCode: 'fjordheim-helse',
      cardProductName: 'Fjordheim kommune – helse og omsorg',
      partnerName: 'Fjordheim kommune',
      cardReaderAvailable: false,
      validityMonths: 36,
    });
    const missing = await request(ctx().app).get('/v1/order-pages/no-such-product').expect(404);
    assert.equal(missing.body.code, 'not-found');
  });

  it('ordering needs an eID token; a partner token or a forged one is refused', async () => {
    const anonymous = await request(ctx().app)
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send(firstOrder())
      .expect(401);
    assert.equal(anonymous.body.code, 'unauthenticated');
    const partner = await as('nordlys');
    await partner.post('/v1/order-pages/nordlys-ansatt/orders').send(firstOrder()).expect(401);
    const person = await registryPerson();
    const { token } = await asEndUser(person.nationalId);
    const [header, payload] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), pid: '01010750160' })).toString('base64url')}.${token.split('.')[2]}`;
    await request(ctx().app)
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .set('Authorization', `Bearer ${forged}`)
      .send(firstOrder())
      .expect(401);
  });

  it('takes name and registered address from the registry and stores the chosen delivery address', async () => {
    const person = await registryPerson({ givenName: 'Siv Åsa', familyName: 'Nguyễn-Ødegård' });
    const endUser = await asEndUser(person.nationalId);
    const other = { name: 'Siv Åsa Nguyễn-Ødegård', street: 'Sykehusveien 12', postalCode: '9019', city: 'TROMSØ' };
    const order = await endUser
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send(firstOrder({ cardReader: true, delivery: { choice: 'other', address: other }, phone: '+47 912 34 567' }))
      .expect(201);
    assert.deepEqual(order.body.deliveryAddress, { choice: 'other', ...other });
    assert.equal(order.body.cardReader, true);
    const detail = await (await as('nordlys')).get(`/v1/orders/${order.body.id}`).expect(200);
    assert.equal(detail.body.endUser.name, 'Siv Åsa Nguyễn-Ødegård');
    assert.deepEqual(detail.body.registeredAddress, person.address);
    assert.equal(detail.body.endUserDetails.phone, '+4791234567');
    const me = await endUser.get('/v1/me').expect(200);
    assert.equal(me.body.givenName, 'Siv Åsa');
    assert.deepEqual(me.body.registeredAddress, person.address);
  });

  it('names each invalid field', async () => {
    const person = await registryPerson();
    const endUser = await asEndUser(person.nationalId);
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not-an-address' }, 'email'],
      [{ phone: '12' }, 'phone'],
      [{ company: '' }, 'company'],
      [{ delivery: { choice: 'other' } }, 'delivery.address'],
      [
        {
          delivery: {
            choice: 'other',
            address: { name: 'Kari', street: 'Storgata 1', postalCode: '123', city: 'OSLO' },
          },
        },
        'delivery.address.postalCode',
      ],
      [
        {
          delivery: {
            choice: 'other',
            address: { name: 'Kari 2', street: 'Storgata 1', postalCode: '0150', city: 'OSLO' },
          },
        },
        'delivery.address.name',
      ],
    ];
    for (const [change, field] of cases) {
      const res = await endUser.post('/v1/order-pages/nordlys-ansatt/orders').send(firstOrder(change));
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field || e.field.endsWith(field)),
        `${field} named in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const fjordheim = await endUser
      .post('/v1/order-pages/fjordheim-helse/orders')
      .send(firstOrder({ cardReader: true }))
      .expect(400);
    assert.equal(fjordheim.body.errors[0].field, 'cardReader');
    assert.equal((await endUser.get('/v1/me/orders')).body.data.length, 0, 'nothing was ordered');
  });

  it('refuses a person under 13, and one the registry does not know', async () => {
    // 23:30 UTC on 31 December 2026 is New Year's Day in Oslo: a child born 1 January 2014 turns 13 then, not the day before.
    const child = await registryPerson({ birthDate: '2014-01-01' });
    ctx().clock.set(new Date('2026-12-31T22:30:00Z'));
    try {
      const young = await (
        await asEndUser(child.nationalId)
      )
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send(firstOrder())
        .expect(403);
      assert.equal(young.body.code, 'person-not-eligible');
      assert.match(young.body.detail, /at least 13/);
      ctx().clock.set(new Date('2026-12-31T23:30:00Z'));
      await (
        await asEndUser(child.nationalId)
      )
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send(firstOrder())
        .expect(201);
    } finally {
      ctx().clock.reset();
    }
    const unknown = await (
      await asEndUser('01010750160')
    )
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send(firstOrder())
      .expect(403);
    assert.match(unknown.body.detail, /population registry does not know/);
  });

  it('a retried first order with the same Idempotency-Key gets the first answer again, not a second order or a 409', async () => {
    const person = await registryPerson();
    const endUser = await asEndUser(person.nationalId);
    const body = firstOrder();
    const key = `first-order-${randomInt(1e9)}`;
    const first = await endUser
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const retry = await endUser
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers.location, '/v1/me/orders');
    assert.equal((await endUser.get('/v1/me/orders')).body.data.length, 1, 'one order');
    const otherBody = await endUser
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .set('Idempotency-Key', key)
      .send(firstOrder())
      .expect(422);
    assert.equal(otherBody.body.code, 'idempotency-key-reused');
    // Keys are per caller: another person's request with the same key is their own.
    const someoneElse = await asEndUser((await registryPerson()).nationalId);
    const theirs = await someoneElse
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    assert.notEqual(theirs.body.id, first.body.id);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
  });

  it('refuses a second first order while one is pending, and one beside a card held', async () => {
    const person = await registryPerson();
    const endUser = await asEndUser(person.nationalId);
    const first = await endUser.post('/v1/order-pages/nordlys-ansatt/orders').send(firstOrder()).expect(201);
    const again = await endUser.post('/v1/order-pages/nordlys-ansatt/orders').send(firstOrder()).expect(409);
    assert.equal(again.body.code, 'order-not-possible');
    assert.match(again.body.detail, new RegExp(`${first.body.orderNumber} on this card product is already waiting`));
    await (await as('nordlys')).post(`/v1/orders/${first.body.id}/approve`).expect(200);
    const held = await endUser.post('/v1/order-pages/nordlys-ansatt/orders').send(firstOrder()).expect(409);
    assert.match(held.body.detail, /Order an additional card or a renewal on My Page/);
  });
});

describe('My Page', () => {
  afterEach(() => ctx().clock.reset());

  it('reads and updates contact data; a person without orders sees the registered address and is told where to start', async () => {
    const { endUser } = await endUserWithActiveCard();
    const updated = await endUser
      .patch('/v1/me')
      .send({ email: 'ny.adresse@example.no', phone: '+46 70 123 45 67' })
      .expect(200);
    assert.equal(updated.body.email, 'ny.adresse@example.no');
    assert.equal(updated.body.phone, '+46701234567');
    const removed = await endUser.patch('/v1/me').send({ phone: null }).expect(200);
    assert.equal(removed.body.phone, null);
    assert.equal(removed.body.email, 'ny.adresse@example.no');
    const bad = await endUser.patch('/v1/me').send({ email: 'nope' }).expect(400);
    assert.equal(bad.body.errors[0].field, 'email');
    // Before a first order: the registry's name and registered address, no contact data; nothing to update yet.
    const newcomer = await registryPerson({ givenName: 'Åsne', familyName: 'Bø' });
    const stranger = await asEndUser(newcomer.nationalId);
    const before = await stranger.get('/v1/me').expect(200);
    assert.equal(before.body.givenName, 'Åsne');
    assert.equal(before.body.familyName, 'Bø');
    assert.deepEqual(before.body.registeredAddress, newcomer.address);
    assert.equal(before.body.email, null);
    assert.deepEqual((await stranger.get('/v1/me/orders').expect(200)).body.data, []);
    const none = await stranger.patch('/v1/me').send({ phone: '+47 912 34 567' }).expect(404);
    assert.match(none.body.detail, /first order/);
    assert.deepEqual((await stranger.get('/v1/me/cards').expect(200)).body.data, []);
  });

  it('an additional card beside an active card, once at a time, never with a card reader', async () => {
    const { endUser, cardId } = await endUserWithActiveCard();
    const withReader = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'additional', cardId, delivery: registered, cardReader: true })
      .expect(400);
    assert.match(JSON.stringify(withReader.body.errors), /cardReader/);
    const additional = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'additional', cardId, delivery: registered })
      .expect(201);
    assert.equal(additional.body.kind, 'additional');
    assert.equal(additional.body.cardReader, false);
    const card = (await endUser.get('/v1/me/cards')).body.data.find((c: { id: string }) => c.id === cardId);
    assert.equal(card.additional.reasonCode, 'additional_already_ordered');
    const again = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'additional', cardId, delivery: registered })
      .expect(409);
    assert.match(again.body.detail, new RegExp(`Additional card ${additional.body.orderNumber} is already waiting`));
  });

  it('a retried additional-card order with the same Idempotency-Key is placed once', async () => {
    const { endUser, cardId } = await endUserWithActiveCard();
    const key = `additional-${randomInt(1e9)}`;
    const order = { kind: 'additional', cardId, delivery: registered };
    const first = await endUser.post('/v1/me/orders').set('Idempotency-Key', key).send(order).expect(201);
    const retry = await endUser.post('/v1/me/orders').set('Idempotency-Key', key).send(order).expect(201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.body.id, first.body.id);
    const without = await endUser.post('/v1/me/orders').send(order).expect(409);
    assert.equal(without.body.code, 'order-not-possible');
  });

  it('a renewal only from two months before expiry, and while another renewal is pending or approved, only an additional card', async () => {
    const { endUser, cardId } = await endUserWithActiveCard();
    const early = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'renewal', cardId, delivery: registered })
      .expect(409);
    assert.match(
      early.body.detail,
      /A renewal can be ordered from \d{4}-\d{2}-\d{2}, two months before the card expires/,
    );
    const card = (await endUser.get('/v1/me/cards')).body.data.find((c: { id: string }) => c.id === cardId);
    assert.equal(card.renewal.reasonCode, 'too_early');
    ctx().clock.set(new Date(`${card.renewal.possibleFrom}T00:30:00+01:00`));
    const renewal = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'renewal', cardId, delivery: registered })
      .expect(201);
    await (await as('nordlys')).post(`/v1/orders/${renewal.body.id}/approve`).expect(200);
    const after = (await endUser.get('/v1/me/cards')).body.data.find((c: { id: string }) => c.id === cardId);
    assert.equal(after.renewal.reasonCode, 'renewal_already_ordered');
    assert.match(after.renewal.reason, /is approved\. You can order an additional card/);
    assert.equal(after.additional.possible, true);
  });

  it('two renewals sent at once: one is placed, the other refused', async () => {
    const { endUser, cardId } = await endUserWithActiveCard();
    const card = (await endUser.get('/v1/me/cards')).body.data.find((c: { id: string }) => c.id === cardId);
    ctx().clock.set(new Date(`${card.expiresOn}T08:00:00Z`));
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        endUser.post('/v1/me/orders').send({ kind: 'renewal', cardId, delivery: registered }),
      ),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409]);
  });

  it('a card of someone else is not found; an expired or revoked card says to order anew', async () => {
    const { endUser, cardId } = await endUserWithActiveCard();
    const other = await endUserWithActiveCard();
    await endUser
      .post('/v1/me/orders')
      .send({ kind: 'additional', cardId: other.cardId, delivery: registered })
      .expect(404);
    await (await asOperator()).post(`/v1/operator/cards/${cardId}/revocation`).send({ reason: 'Mistet' }).expect(200);
    const card = (await endUser.get('/v1/me/cards')).body.data.find((c: { id: string }) => c.id === cardId);
    assert.equal(card.status, 'revoked');
    assert.equal(card.renewal.reasonCode, 'card_revoked');
    assert.match(card.additional.reason, /Order a new card on your partner's order page/);
  });
});
