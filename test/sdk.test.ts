import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEndUserClient, createPartnerwebClient, PartnerwebError, verifyWebhook } from '@partnerweb/sdk';
import { asEndUser, registryPerson } from './support/fixtures';
import { WebhookReceiver } from './support/webhook-receiver';
import { ctx } from './support/context';
import { pendingOrder } from './support/fixtures';

/** The SDK against a real listening server: tokens, typed calls, pagination and typed errors. */
describe('the SDK', () => {
  let server: Server;
  let baseUrl: string;

  before((done) => {
    server = ctx().app.listen(0, '127.0.0.1', () => {
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      done();
    });
  });
  after((done) => {
    server.close(() => done());
  });

  const client = () => createPartnerwebClient({ baseUrl, clientId: 'demo-nordlys', clientSecret: 'nordlys-demo-secret' });

  it('lists pending orders, corrects the company field and approves', async () => {
    const order = await pendingOrder('nordlys', { company: 'sdk test' });
    const partnerweb = client();
    const page = await partnerweb.listOrders({ status: 'pending', q: order.orderNumber });
    assert.deepEqual(page.data.map((o) => o.id), [order.id]);
    const corrected = await partnerweb.correctCompany(order.id, 'SDK-testen Ærø AS');
    assert.equal(corrected.company, 'SDK-testen Ærø AS');
    assert.equal(corrected.etag, '"2"');
    const approved = await partnerweb.approveOrder(order.id, { ifMatch: corrected.etag });
    assert.equal(approved.status, 'approved');
    assert.equal(approved.card?.status, 'in_production');
  });

  it('walks every page with allOrders', async () => {
    const partnerweb = client();
    const ids: string[] = [];
    for await (const o of partnerweb.allOrders({ limit: 2 })) ids.push(o.id);
    const direct = await partnerweb.listOrders({ limit: 100 });
    assert.deepEqual(ids.slice(0, direct.data.length), direct.data.map((o) => o.id));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('throws PartnerwebError with status, problem details and request id', async () => {
    const order = await pendingOrder('nordlys');
    const partnerweb = client();
    await partnerweb.rejectOrder(order.id, { reason: 'not_affiliated', message: 'Ikke ansatt hos oss.' });
    await assert.rejects(partnerweb.approveOrder(order.id), (error: unknown) => {
      assert.ok(error instanceof PartnerwebError);
      assert.equal(error.status, 409);
      assert.equal(error.code, 'order-not-pending');
      assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });
  });

  it('fails with invalid-client on wrong credentials', async () => {
    const partnerweb = createPartnerwebClient({ baseUrl, clientId: 'demo-nordlys', clientSecret: 'wrong' });
    await assert.rejects(partnerweb.listOrders(), (error: unknown) => error instanceof PartnerwebError && error.status === 401 && error.code === 'invalid-client');
  });

  it('reads end users with their cards and orders', async () => {
    const order = await pendingOrder('nordlys');
    const endUser = await client().getEndUser(order.endUserId);
    assert.equal(endUser.orders[0].id, order.id);
  });

  it('manages webhook endpoints and the mailbox; verifyWebhook checks a real delivery', async () => {
    const partnerweb = client();
    const receiver = await new WebhookReceiver().start();
    try {
      const endpoint = await partnerweb.createWebhookEndpoint({ url: receiver.url, eventTypes: ['order.created'] });
      assert.ok((await partnerweb.listWebhookEndpoints()).some((e) => e.id === endpoint.id));
      const eventId = await partnerweb.sendWebhookTestEvent(endpoint.id);
      const received = await receiver.waitFor((r) => r.headers['webhook-id'] === eventId, 'the test event');
      const event = verifyWebhook(received.body, received.headers, endpoint.secret);
      assert.deepEqual([event.id, event.type], [eventId, 'webhook.test']);
      assert.throws(() => verifyWebhook(received.body.replace('Test', 'Fake'), received.headers, endpoint.secret));
      const rotated = await partnerweb.rotateWebhookSecret(endpoint.id);
      assert.notEqual(rotated.secret, endpoint.secret);
      const log = await partnerweb.listWebhookDeliveries(endpoint.id);
      assert.equal(log.data[0].eventId, eventId);
      await partnerweb.deleteWebhookEndpoint(endpoint.id);
      const mailbox = await partnerweb.setNotificationMailbox('bestillinger@nordlys-legesenter.example.no');
      assert.equal((await partnerweb.getPartner()).notificationEmail, mailbox.notificationEmail);
    } finally {
      await receiver.stop();
    }
  });

  it('the end-user client orders on the order page and reads My Page', async () => {
    const person = await registryPerson();
    const { token } = await asEndUser(person.nationalId);
    const me = createEndUserClient({ baseUrl, token });
    assert.equal((await me.getOrderPage('nordlys-ansatt')).partnerName, 'Nordlys Legesenter AS');
    const order = await me.placeFirstOrder('nordlys-ansatt', { email: 'sdk@example.no', company: 'Nordlys', delivery: { choice: 'registered' } });
    assert.equal(order.status, 'pending');
    assert.deepEqual((await me.listMyOrders()).map((o) => o.id), [order.id]);
    assert.equal((await me.getMyProfile()).email, 'sdk@example.no');
    const refused = await me.placeFirstOrder('nordlys-ansatt', { email: 'sdk@example.no', company: 'Nordlys', delivery: { choice: 'registered' } }).catch((e) => e);
    assert.ok(refused instanceof PartnerwebError);
    assert.equal(refused.code, 'order-not-possible');
  });

  it('the end-user client retries an order whose answer was lost, with the same Idempotency-Key: one order', async () => {
    const person = await registryPerson();
    const { token } = await asEndUser(person.nationalId);
    const keys: string[] = [];
    const losingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      if (request.method === 'POST') {
        keys.push(request.headers.get('Idempotency-Key') ?? '');
        // The order went through, but the answer never reaches the app.
        if (keys.length === 1) throw new TypeError('fetch failed: connection reset');
      }
      return response;
    };
    const me = createEndUserClient({ baseUrl, token, fetch: losingFetch });
    const order = await me.placeFirstOrder('nordlys-ansatt', { email: 'lost@example.no', company: 'Nordlys', delivery: { choice: 'registered' } });
    assert.equal(keys.length, 2);
    assert.ok(keys[0].length >= 8);
    assert.equal(keys[1], keys[0]);
    assert.deepEqual((await me.listMyOrders()).map((o) => o.id), [order.id]);
  });

  it('reports: a page, every row streamed, a CSV export; powers of attorney up and down; card readers', async () => {
    const partnerweb = client();
    const page = await partnerweb.reportPage('approved-orders', { limit: 1000 });
    const streamed: string[] = [];
    for await (const row of partnerweb.reportRows('approved-orders')) streamed.push(row.cardSerialNumber);
    assert.deepEqual(streamed, page.data.map((r) => r.cardSerialNumber));
    const csv = await new Response(await partnerweb.exportReport('expiring-cards', 'csv', { withinDays: 365, bom: true })).arrayBuffer();
    assert.deepEqual([...new Uint8Array(csv).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(new TextDecoder().decode(csv), /cardSerialNumber,cardStatus,expiresOn,daysLeft/);

    const pdf = new TextEncoder().encode(`%PDF-1.5\n1 0 obj << /Title (sdk ${Date.now()}) >> endobj\ntrailer << >>\n%%EOF\n`);
    const stored = await partnerweb.uploadPowerOfAttorney(pdf, 'fullmakt.pdf');
    assert.equal(stored.sizeBytes, pdf.length);
    assert.deepEqual(await partnerweb.downloadPowerOfAttorney(stored.id), pdf);

    const product = (await partnerweb.listOrders({ limit: 1 })).data[0].cardProduct.id;
    const readers = await partnerweb.orderCardReaders(product, 2);
    assert.ok((await partnerweb.listCardReaderOrders()).data.some((o) => o.id === readers.id));
    assert.ok(Array.isArray((await partnerweb.listInvoices()).data));
  });
});
