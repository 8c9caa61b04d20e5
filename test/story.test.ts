import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { addMonths } from '../src/common/clock';
import { ctx } from './support/context';
import { as, asEndUser, asOperator, registryPerson } from './support/fixtures';
import { eventData, eventType, WebhookReceiver } from './support/webhook-receiver';

/**
 * DOMAIN.md's whole process over HTTP, with no shortcut into the database: the end user orders, the partner
 * is told (e-mail copy, webhook) and decides, the card is made and activated, the expiry notice comes, the
 * renewal is ordered (and a second refused), the partner rejects it because the end user moved, the end user
 * is told why.
 */
describe('the whole story, over HTTP', function () {
  this.timeout(60_000);
  const receiver = new WebhookReceiver();
  before(() => receiver.start());
  after(async () => {
    ctx().clock.reset();
    await receiver.stop();
  });

  it('order → partner told → company corrected, approved → produced, active → expiry notice → renewal, second refused → rejected: moved → end user told', async () => {
    const { mail, clock } = ctx();
    const partner = await as('nordlys');
    const operator = await asOperator();

    // The partner's set-up: a webhook endpoint for every event, and its notification mailbox.
    const endpoint = await partner
      .post('/v1/webhook-endpoints')
      .send({
        url: receiver.url,
        eventTypes: [
          'order.created',
          'order.approved',
          'order.rejected',
          'card.shipped',
          'card.activated',
          'card.expiring',
        ],
        description: 'EPJ',
      })
      .expect(201);
    const secret = endpoint.body.secret as string;
    const mailbox = `kopi-${randomInt(1e9)}@nordlys-legesenter.example.no`;
    await partner.patch('/v1/partner').send({ notificationEmail: mailbox }).expect(200);

    // The end user signs in with an eID and orders on the partner's order page, delivered to work.
    const person = await registryPerson({ givenName: 'Åshild', familyName: 'Bjørnstad-Lærum' });
    const endUser = await asEndUser(person.nationalId);
    const page = await endUser.get('/v1/order-pages/nordlys-ansatt').expect(200);
    assert.equal(page.body.partnerName, 'Nordlys Legesenter AS');
    assert.equal(page.body.cardReaderAvailable, true);
    const email = `ashild-${randomInt(1e9)}@example.no`;
    const placed = await endUser
      .post('/v1/order-pages/nordlys-ansatt/orders')
      .send({
        email,
        phone: '912 34 567',
        company: 'nordlys legesenter, avd. Ærøy',
        cardReader: true,
        delivery: {
          choice: 'other',
          address: { name: 'Åshild Bjørnstad-Lærum', street: 'Sjøgata 7 B', postalCode: '8006', city: 'BODØ' },
        },
      })
      .expect(201);
    const order = placed.body;
    assert.equal(order.status, 'pending');
    assert.equal(order.kind, 'new');

    // The end user's confirmation and the partner's copy arrive over SMTP, with the chosen delivery address.
    const confirmation = await mail.waitFor(
      (m) => m.subject === `Bestillingsbekreftelse ${order.orderNumber}`,
      'confirmation',
    );
    assert.equal(mail.to(email).length, 1);
    assert.match(confirmation.text!, /Sjøgata 7 B\n8006 BODØ/);
    assert.doesNotMatch(confirmation.text!, /Fjordgata/, 'the registered address is not where the card goes');
    const copy = await mail.waitFor(
      (m) => m.subject?.startsWith(`Kopi av bestillingsbekreftelse ${order.orderNumber}`) === true,
      'partner copy',
    );
    assert.deepEqual([copy.to].flat()[0]!.value[0].address, mailbox);
    assert.match(copy.subject!, /Åshild Bjørnstad-Lærum/);
    assert.match(copy.text!, /Bedrift: nordlys legesenter, avd\. Ærøy/);

    // …and the signed order.created webhook.
    await receiver.waitFor(
      (r) => eventType(r) === 'order.created' && eventData(r).orderId === order.id,
      'order.created',
    );
    const created = receiver.verified(secret, 'order.created').find((e) => e.data.orderId === order.id)!;
    assert.equal(created.data.orderNumber, order.orderNumber);

    // The partner corrects the company field and approves.
    const detail = await partner.get(`/v1/orders/${order.id}`).expect(200);
    assert.equal(detail.body.deliveryAddress.street, 'Sjøgata 7 B');
    assert.equal(detail.body.registeredAddress.street, person.address.street);
    const corrected = await partner
      .patch(`/v1/orders/${order.id}`)
      .set('If-Match', detail.headers.etag)
      .send({ company: 'Nordlys Legesenter Ærøy' })
      .expect(200);
    const approved = await partner
      .post(`/v1/orders/${order.id}/approve`)
      .set('If-Match', corrected.headers.etag)
      .expect(200);
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.card.status, 'in_production');
    const cardId = approved.body.card.id as string;
    await receiver.waitFor(
      (r) => eventType(r) === 'order.approved' && eventData(r).orderId === order.id,
      'order.approved',
    );

    // Production: shipped with a tracking number, then activated; the partner sees each status.
    await operator.post(`/v1/operator/cards/${cardId}/shipment`).send({ trackingNumber: 'RR123456785NO' }).expect(200);
    assert.equal((await partner.get(`/v1/orders/${order.id}`)).body.card.status, 'shipped');
    await operator.post(`/v1/operator/cards/${cardId}/activation`).expect(200);
    const produced = (await partner.get(`/v1/orders/${order.id}`)).body.card;
    assert.equal(produced.status, 'active');
    assert.equal(produced.trackingNumber, 'RR123456785NO');
    assert.ok(produced.shippedAt <= produced.activatedAt);
    await receiver.waitFor(
      (r) => eventType(r) === 'card.activated' && eventData(r).cardId === cardId,
      'card.activated',
    );
    // each delivery is a job of its own: card.shipped may arrive after card.activated
    await receiver.waitFor((r) => eventType(r) === 'card.shipped' && eventData(r).cardId === cardId, 'card.shipped');
    assert.equal(
      receiver.verified(secret, 'card.shipped').find((e) => e.data.cardId === cardId)!.data.trackingNumber,
      'RR123456785NO',
    );

    // Too early to renew; two months before expiry the notice comes and the renewal opens.
    const cards = await endUser.get('/v1/me/cards').expect(200);
    const card = cards.body.data.find((c: { id: string }) => c.id === cardId);
    assert.equal(card.renewal.possible, false);
    assert.equal(card.renewal.reasonCode, 'too_early');
    assert.equal(card.additional.possible, true);
    const expiresOn = card.expiresOn as string;
    clock.set(new Date(`${addMonths(expiresOn, -2)}T10:00:00Z`));
    const run = await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    assert.ok(run.body.processed >= 1);
    const notice = await mail.waitFor(
      (m) => m.subject?.startsWith('Buypass ID-en din utløper') === true && mail.to(email).includes(m),
      'expiry notice',
    );
    assert.match(notice.text!, new RegExp(`smartkortet ditt ${approved.body.card.serialNumber}`));
    await receiver.waitFor((r) => eventType(r) === 'card.expiring' && eventData(r).cardId === cardId, 'card.expiring');
    const again = await operator.post('/v1/operator/jobs/expiry-notices/runs').expect(200);
    assert.equal(again.body.processed, 0, 'one notice per card');

    // The renewal; a second renewal of the same card is refused with a reason a person understands.
    const renewable = (await endUser.get('/v1/me/cards')).body.data.find((c: { id: string }) => c.id === cardId);
    assert.equal(renewable.renewal.possible, true);
    const renewal = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'renewal', cardId, delivery: { choice: 'registered' } })
      .expect(201);
    assert.equal(renewal.body.kind, 'renewal');
    assert.equal(renewal.body.company, 'Nordlys Legesenter Ærøy', 'the company field of the last order');
    assert.equal(renewal.body.deliveryAddress.street, person.address.street);
    const second = await endUser
      .post('/v1/me/orders')
      .send({ kind: 'renewal', cardId, delivery: { choice: 'registered' } })
      .expect(409);
    assert.equal(second.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(second.body.code, 'order-not-possible');
    assert.match(
      second.body.detail,
      new RegExp(`Renewal ${renewal.body.orderNumber} of this card is waiting for your partner's approval`),
    );

    // The partner rejects it: the end user has moved to another partner.
    await partner
      .post(`/v1/orders/${renewal.body.id}/reject`)
      .send({
        reason: 'moved_to_other_partner',
        message: 'Du er flyttet til Fjordheim kommune. Bestill som ny kunde der.',
      })
      .expect(200);
    const rejection = await mail.waitFor(
      (m) => m.subject === `Bestillingen din ${renewal.body.orderNumber} er avvist`,
      'rejection notice',
    );
    assert.equal([rejection.to].flat()[0]!.value[0].address, email);
    assert.match(rejection.text!, /Du er ikke lenger tilknyttet denne partneren/);
    assert.match(
      rejection.text!,
      /Melding fra Nordlys Legesenter AS: Du er flyttet til Fjordheim kommune\. Bestill som ny kunde der\./,
    );
    await receiver.waitFor(
      (r) => eventType(r) === 'order.rejected' && eventData(r).orderId === renewal.body.id,
      'order.rejected',
    );

    const mine = await endUser.get('/v1/me/orders').expect(200);
    const rejected = mine.body.data.find((o: { id: string }) => o.id === renewal.body.id);
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.rejection.reason, 'moved_to_other_partner');
    // Every notice to this end user exactly once.
    const renewalConfirmation = `Bestillingsbekreftelse ${renewal.body.orderNumber}`;
    assert.deepEqual(
      mail
        .to(email)
        .map((m) => m.subject)
        .sort(),
      [confirmation.subject, renewalConfirmation, notice.subject, rejection.subject].sort(),
    );
  });
});
