import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  EndUserClient,
  PartnerwebClient,
  PartnerwebError,
  verifyWebhook,
  WebhookVerificationError,
} from '@partnerweb/sdk';
import { ctx } from './support/context';
import { asEndUser, pendingOrder, registryPerson } from './support/fixtures';
import { liveServer } from './support/live-server';
import { WebhookReceiver } from './support/webhook-receiver';

/** The SDK against a real listening server: tokens, the resources, typed errors. */
describe('the SDK', () => {
  const live = liveServer();
  afterEach(() => ctx().clock.reset());
  const client = () =>
    new PartnerwebClient({ baseUrl: live.baseUrl, clientId: 'demo-nordlys', clientSecret: 'nordlys-demo-secret' });

  it('lists pending orders, corrects the company field and approves', async () => {
    const order = await pendingOrder('nordlys', { company: 'sdk test' });
    const partnerweb = client();
    const page = await partnerweb.orders.list({ status: 'pending', q: order.orderNumber });
    assert.deepEqual(
      page.data.map((o) => o.id),
      [order.id],
    );
    const corrected = await partnerweb.orders.updateCompany(order.id, 'SDK-testen Ærø AS');
    assert.equal(corrected.company, 'SDK-testen Ærø AS');
    assert.equal(corrected.etag, '"2"');
    const approved = await partnerweb.orders.approve(order.id, { ifMatch: corrected.etag });
    assert.equal(approved.status, 'approved');
    assert.equal(approved.card?.status, 'in_production');
  });

  it('throws ConflictError (a PartnerwebError) with status, code, problem details and request id', async () => {
    const order = await pendingOrder('nordlys');
    const partnerweb = client();
    await partnerweb.orders.reject(order.id, { reason: 'not_affiliated', message: 'Ikke ansatt hos oss.' });
    await assert.rejects(partnerweb.orders.approve(order.id), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.ok(error instanceof PartnerwebError);
      assert.equal(error.status, 409);
      assert.equal(error.code, 'order-not-pending');
      assert.equal(error.problem?.status, 409);
      assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });
  });

  it("raises BadRequestError, PermissionDeniedError, NotFoundError and PreconditionFailedError for the API's 400, 403, 404 and 412", async () => {
    const partnerweb = client();
    const invalid = await partnerweb.orders.list({ limit: 1000 }).catch((e) => e);
    assert.ok(invalid instanceof BadRequestError);
    assert.equal(invalid.code, 'validation-failed');
    assert.deepEqual(
      invalid.invalidFields.map((f) => [f.in, f.field]),
      [['query', 'limit']],
    );
    const order = await pendingOrder('nordlys');
    const readOnly = new PartnerwebClient({
      baseUrl: live.baseUrl,
      clientId: 'demo-nordlys',
      clientSecret: 'nordlys-demo-secret',
      scope: 'orders:read',
    });
    const denied = await readOnly.orders.approve(order.id).catch((e) => e);
    assert.ok(denied instanceof PermissionDeniedError);
    assert.equal(denied.code, 'insufficient-scope');
    const missing = await partnerweb.orders.get('00000000-0000-4000-8000-000000000000').catch((e) => e);
    assert.ok(missing instanceof NotFoundError);
    assert.equal(missing.status, 404);
    const stale = await partnerweb.orders.approve(order.id, { ifMatch: '"99"' }).catch((e) => e);
    assert.ok(stale instanceof PreconditionFailedError);
    assert.equal(stale.code, 'precondition-failed');
    assert.match(stale.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('fails with AuthenticationError invalid-client on wrong credentials', async () => {
    const partnerweb = new PartnerwebClient({ baseUrl: live.baseUrl, clientId: 'demo-nordlys', clientSecret: 'wrong' });
    await assert.rejects(
      partnerweb.orders.list(),
      (error: unknown) =>
        error instanceof AuthenticationError && error.status === 401 && error.code === 'invalid-client',
    );
  });

  it('gets its tokens with a private key (private_key_jwt) for an API client it registered', async () => {
    // The SDK signs its assertions with the machine's clock, as a partner's system would: the API's agrees.
    ctx().clock.set(new Date());
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = `sdk-${Date.now()}`;
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256' } as never;
    const created = await client().apiClients.create({
      name: 'SDK key test',
      scopes: ['orders:read'],
      keys: [publicJwk],
    });
    assert.equal(created.clientSecret, undefined);
    // The test server's public URL is not the port it listens on here: the assertion names the issuer instead.
    const keyed = new PartnerwebClient({
      baseUrl: live.baseUrl,
      clientId: created.clientId,
      privateKey: { ...privateKey.export({ format: 'jwk' }), kid },
      audience: 'partnerweb',
    });
    assert.ok(Array.isArray((await keyed.orders.list({ limit: 1 })).data));
    assert.ok((await client().apiClients.listKeys(created.id)).some((k) => k.kid === kid));
    await client().apiClients.revoke(created.id);
  });

  it('reads end users with their cards and orders', async () => {
    const order = await pendingOrder('nordlys');
    const endUser = await client().endUsers.get(order.endUserId);
    assert.equal(endUser.orders[0].id, order.id);
  });

  it('manages webhook endpoints and the mailbox; verifyWebhook checks a real delivery and types it', async () => {
    const partnerweb = client();
    const receiver = await new WebhookReceiver().start();
    try {
      const endpoint = await partnerweb.webhooks.endpoints.create({ url: receiver.url, eventTypes: ['order.created'] });
      assert.ok((await partnerweb.webhooks.endpoints.list()).some((e) => e.id === endpoint.id));
      const eventId = await partnerweb.webhooks.endpoints.sendTestEvent(endpoint.id);
      const received = await receiver.waitFor((r) => r.headers['webhook-id'] === eventId, 'the test event');
      const event = verifyWebhook(received.body, received.headers, endpoint.secret);
      assert.equal(event.id, eventId);
      assert.equal(event.type, 'webhook.test');
      if (event.type === 'webhook.test') assert.equal(event.data.endpointId, endpoint.id);
      // The same bytes as a Uint8Array and the headers as a fetch Headers verify alike.
      const asBytes = verifyWebhook(
        new TextEncoder().encode(received.body),
        new Headers(received.headers as Record<string, string>),
        endpoint.secret,
      );
      assert.equal(asBytes.id, eventId);
      assert.throws(
        () => verifyWebhook(received.body.replace('Test', 'Fake'), received.headers, endpoint.secret),
        WebhookVerificationError,
      );
      const rotated = await partnerweb.webhooks.endpoints.rotateSecret(endpoint.id);
      assert.notEqual(rotated.secret, endpoint.secret);
      const log = await partnerweb.webhooks.deliveries.list(endpoint.id);
      assert.equal(log.data[0].eventId, eventId);
      await partnerweb.webhooks.endpoints.delete(endpoint.id);
      const mailbox = await partnerweb.partner.update({
        notificationEmail: 'bestillinger@nordlys-legesenter.example.no',
      });
      assert.equal((await partnerweb.partner.get()).notificationEmail, mailbox.notificationEmail);
    } finally {
      await receiver.stop();
    }
  });

  it('verifyWebhook types an order.created delivery by its type', async () => {
    const partnerweb = client();
    const receiver = await new WebhookReceiver().start();
    try {
      const endpoint = await partnerweb.webhooks.endpoints.create({ url: receiver.url, eventTypes: ['order.created'] });
      const order = await pendingOrder('nordlys', { company: 'Typed AS' });
      const received = await receiver.waitFor((r) => r.body.includes(order.id), 'the order.created webhook');
      const event = verifyWebhook(received.body, received.headers, endpoint.secret);
      assert.equal(event.type, 'order.created');
      // Narrowed by `type`: data is an order's, so these fields type-check without casts.
      if (event.type !== 'order.created') throw new Error('narrowing');
      assert.deepEqual(
        [event.data.orderId, event.data.orderNumber, event.data.company, event.data.status],
        [order.id, order.orderNumber, 'Typed AS', 'pending'],
      );
      await partnerweb.webhooks.endpoints.delete(endpoint.id);
    } finally {
      await receiver.stop();
    }
  });

  it('the end-user client orders on the order page and reads My Page', async () => {
    const person = await registryPerson();
    const { token } = await asEndUser(person.nationalId);
    const me = new EndUserClient({ baseUrl: live.baseUrl, token });
    assert.equal((await me.orderPages.get('nordlys-ansatt')).partnerName, 'Nordlys Legesenter AS');
    const order = await me.orderPages.placeFirstOrder('nordlys-ansatt', {
      email: 'sdk@example.no',
      company: 'Nordlys',
      delivery: { choice: 'registered' },
    });
    assert.equal(order.status, 'pending');
    assert.deepEqual(
      (await me.me.listOrders()).map((o) => o.id),
      [order.id],
    );
    assert.equal((await me.me.get()).email, 'sdk@example.no');
    const refused = await me.orderPages
      .placeFirstOrder('nordlys-ansatt', {
        email: 'sdk@example.no',
        company: 'Nordlys',
        delivery: { choice: 'registered' },
      })
      .catch((e) => e);
    assert.ok(refused instanceof ConflictError);
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
    const me = new EndUserClient({ baseUrl: live.baseUrl, token, fetch: losingFetch });
    const order = await me.orderPages.placeFirstOrder('nordlys-ansatt', {
      email: 'lost@example.no',
      company: 'Nordlys',
      delivery: { choice: 'registered' },
    });
    assert.equal(keys.length, 2);
    assert.ok(keys[0].length >= 8);
    assert.equal(keys[1], keys[0]);
    assert.deepEqual(
      (await me.me.listOrders()).map((o) => o.id),
      [order.id],
    );
  });

  it('reports: a page, every row streamed, a CSV export; powers of attorney up and down; card readers', async () => {
    const partnerweb = client();
    const page = await partnerweb.reports.approvedOrders.list({ limit: 1000 });
    const streamed: string[] = [];
    for await (const row of partnerweb.reports.approvedOrders.stream()) streamed.push(row.cardSerialNumber);
    assert.deepEqual(
      streamed,
      page.data.map((r) => r.cardSerialNumber),
    );
    const csv = await new Response(
      await partnerweb.reports.expiringCards.export({ withinDays: 365, format: 'csv', bom: true }),
    ).arrayBuffer();
    assert.deepEqual([...new Uint8Array(csv).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(new TextDecoder().decode(csv), /cardSerialNumber,cardStatus,expiresOn,daysLeft/);

    const pdf = new TextEncoder().encode(
      `%PDF-1.5\n1 0 obj << /Title (sdk ${Date.now()}) >> endobj\ntrailer << >>\n%%EOF\n`,
    );
    const stored = await partnerweb.powersOfAttorney.upload(pdf, 'fullmakt.pdf');
    assert.equal(stored.sizeBytes, pdf.length);
    assert.deepEqual(await partnerweb.powersOfAttorney.download(stored.id), pdf);

    const product = (await partnerweb.orders.list({ limit: 1 })).data[0].cardProduct.id;
    const readers = await partnerweb.cardReaderOrders.create({ cardProductId: product, quantity: 2 });
    assert.equal((await partnerweb.cardReaderOrders.get(readers.id)).quantity, 2);
    assert.ok(Array.isArray((await partnerweb.invoices.list()).data));
  });
});
