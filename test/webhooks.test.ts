import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { RETRY_SCHEDULE_SECONDS } from '../src/webhooks/webhook-delivery';
import { Problem } from '../src/common/problem';
import { unseal } from '../src/common/secret-box';
import { fetch } from 'undici';
import { publicAddressProblem, publicOnlyDispatcher } from '../src/webhooks/webhook-address';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { ctx } from './support/context';
import { as, partnerId, pendingOrder } from './support/fixtures';
import { until } from './support/until';
import { eventData, eventType, WebhookReceiver } from './support/webhook-receiver';

describe('webhook endpoints', function () {
  this.timeout(30_000);
  const receiver = new WebhookReceiver();
  const created: string[] = [];
  before(() => receiver.start());
  afterEach(async () => {
    const partner = await as('nordlys');
    for (const id of created.splice(0)) await partner.delete(`/v1/webhook-endpoints/${id}`);
    receiver.answer = () => 204;
  });
  after(() => receiver.stop());

  async function register(eventTypes = ['order.created']) {
    const partner = await as('nordlys');
    const res = await partner
      .post('/v1/webhook-endpoints')
      .send({ url: receiver.url, eventTypes, description: 'Test' })
      .expect(201);
    created.push(res.body.id);
    return res.body as { id: string; secret: string };
  }

  it('registers, lists, reads, changes and deletes; the secret is shown only on creation', async () => {
    const partner = await as('nordlys');
    const endpoint = await register(['order.created', 'order.approved']);
    assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
    const list = await partner.get('/v1/webhook-endpoints').expect(200);
    const listed = list.body.data.find((e: { id: string }) => e.id === endpoint.id);
    assert.deepEqual(listed.eventTypes, ['order.created', 'order.approved']);
    assert.equal(listed.secret, undefined);
    const changed = await partner
      .patch(`/v1/webhook-endpoints/${endpoint.id}`)
      .send({ eventTypes: ['order.rejected'], enabled: false })
      .expect(200);
    assert.deepEqual(changed.body.eventTypes, ['order.rejected']);
    assert.equal(changed.body.enabled, false);
    assert.equal((await partner.get(`/v1/webhook-endpoints/${endpoint.id}`).expect(200)).body.enabled, false);
    await partner.delete(`/v1/webhook-endpoints/${endpoint.id}`).expect(204);
    await partner.get(`/v1/webhook-endpoints/${endpoint.id}`).expect(404);
  });

  it('refuses a bad URL or an unknown event type, naming the field', async () => {
    const partner = await as('nordlys');
    const badUrl = await partner
      .post('/v1/webhook-endpoints')
      .send({ url: 'ftp://example.no/x', eventTypes: ['order.created'] })
      .expect(400);
    assert.equal(badUrl.body.errors[0].field, 'url');
    const withPassword = await partner
      .post('/v1/webhook-endpoints')
      .send({ url: 'https://u:p@example.no/x', eventTypes: ['order.created'] })
      .expect(400);
    assert.equal(withPassword.body.errors[0].field, 'url');
    const badType = await partner
      .post('/v1/webhook-endpoints')
      .send({ url: receiver.url, eventTypes: ['order.eaten'] })
      .expect(400);
    assert.match(JSON.stringify(badType.body.errors), /eventTypes/);
  });

  it("another partner's endpoint is not found", async () => {
    const endpoint = await register();
    const other = await as('fjordheim');
    await other.get(`/v1/webhook-endpoints/${endpoint.id}`).expect(404);
    await other.delete(`/v1/webhook-endpoints/${endpoint.id}`).expect(404);
    await other.post(`/v1/webhook-endpoints/${endpoint.id}/test-events`).expect(404);
    await other.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`).expect(404);
    assert.ok(!(await other.get('/v1/webhook-endpoints')).body.data.some((e: { id: string }) => e.id === endpoint.id));
  });

  it('sends a signed test event; the delivery log shows the attempt', async () => {
    const partner = await as('nordlys');
    const endpoint = await register();
    const sent = await partner.post(`/v1/webhook-endpoints/${endpoint.id}/test-events`).expect(202);
    const received = await receiver.waitFor((r) => r.headers['webhook-id'] === sent.body.eventId, 'the test event');
    const payload = new Webhook(endpoint.secret).verify(received.body, received.headers as Record<string, string>) as {
      type: string;
    };
    assert.equal(payload.type, 'webhook.test');
    assert.throws(() =>
      new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64')).verify(
        received.body,
        received.headers as Record<string, string>,
      ),
    );
    const log = await until(
      () => partner.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`).then((r) => r.body),
      (body) => body.data[0]?.status === 'succeeded',
      'the delivery to succeed',
    );
    assert.equal(log.data[0].eventId, sent.body.eventId);
    assert.equal(log.data[0].attempts.length, 1);
    assert.equal(log.data[0].attempts[0].responseStatus, 204);
  });

  it('retries with backoff until a 2xx, logging every attempt', async () => {
    const partner = await as('nordlys');
    const endpoint = await register(['order.created']);
    const before = receiver.received.length;
    receiver.answer = (index) => (index - before < 2 ? 503 : 200);
    const order = await pendingOrder('nordlys');
    const log = await until(
      () => partner.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`).then((r) => r.body),
      (body) => body.data[0]?.status === 'succeeded',
      'the third attempt to succeed',
    );
    assert.deepEqual(
      log.data[0].attempts.map((a: { responseStatus: number }) => a.responseStatus),
      [503, 503, 200],
    );
    assert.equal(log.data[0].attemptCount, 3);
    const attempts = receiver.received.filter(
      (r) => eventType(r) === 'order.created' && eventData(r).orderId === order.id,
    );
    assert.equal(new Set(attempts.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id for every attempt');
  });

  it('the retry schedule grows and spans about three days', () => {
    assert.ok(RETRY_SCHEDULE_SECONDS.every((pause, i) => i === 0 || pause >= RETRY_SCHEDULE_SECONDS[i - 1]));
    const hours = RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0) / 3600;
    assert.ok(hours > 66 && hours < 78, `${hours} hours`);
  });

  it('an endpoint answering 410 Gone is disabled and gets nothing more', async () => {
    const partner = await as('nordlys');
    const endpoint = await register(['order.created']);
    receiver.answer = () => 410;
    await pendingOrder('nordlys');
    const disabled = await until(
      () => partner.get(`/v1/webhook-endpoints/${endpoint.id}`).then((r) => r.body),
      (body) => body.enabled === false,
      'the endpoint to be disabled',
    );
    assert.equal(disabled.disabledReason, 'The endpoint answered 410 Gone.');
    const log = (await partner.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body;
    assert.equal(log.data[0].status, 'failed');
    assert.equal(log.data[0].attempts.length, 1);
    const count = receiver.received.length;
    const later = await pendingOrder('nordlys');
    // Deliveries are made in the transaction of the change, for enabled endpoints only: none exists to be sent later.
    const [{ deliveries }] = await ctx().dataSource.query(
      `SELECT count(*)::int AS deliveries FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
        WHERE d.endpoint_id = $1 AND e.payload->'data'->>'orderId' = $2`,
      [endpoint.id, later.id],
    );
    assert.equal(deliveries, 0, 'a disabled endpoint gets no events');
    assert.equal(receiver.received.length, count);
    const enabled = await partner.patch(`/v1/webhook-endpoints/${endpoint.id}`).send({ enabled: true }).expect(200);
    assert.equal(enabled.body.enabled, true);
    assert.equal(enabled.body.disabledReason, null);
  });

  it('stores signing secrets sealed: the database holds no usable secret', async () => {
    const endpoint = await register();
    const [row] = await ctx().dataSource.query(`SELECT secret FROM webhook_endpoint WHERE id = $1`, [endpoint.id]);
    assert.ok(!row.secret.includes(endpoint.secret.slice(6)), 'not the secret in clear');
    assert.match(row.secret, /^v1:/);
    assert.equal(unseal(row.secret, ctx().services.config.webhooks.secretKey), endpoint.secret);
    assert.throws(() => unseal(row.secret, 'another-key-of-at-least-thirty-two-characters'));
    const tampered = `v1:${Buffer.from(Buffer.from(row.secret.slice(3), 'base64').map((b, i) => (i === 40 ? b ^ 1 : b))).toString('base64')}`;
    assert.throws(() => unseal(tampered, ctx().services.config.webhooks.secretKey));
  });

  it('after a secret rotation both the new and the previous secret verify', async () => {
    const partner = await as('nordlys');
    const endpoint = await register();
    const rotated = await partner.post(`/v1/webhook-endpoints/${endpoint.id}/secret-rotation`).expect(200);
    assert.notEqual(rotated.body.secret, endpoint.secret);
    const sent = await partner.post(`/v1/webhook-endpoints/${endpoint.id}/test-events`).expect(202);
    const received = await receiver.waitFor((r) => r.headers['webhook-id'] === sent.body.eventId, 'the test event');
    assert.equal(String(received.headers['webhook-signature']).split(' ').length, 2);
    for (const secret of [rotated.body.secret, endpoint.secret]) {
      assert.doesNotThrow(() => new Webhook(secret).verify(received.body, received.headers as Record<string, string>));
    }
  });

  it('in production, refuses URLs that reach loopback, private or link-local addresses (SSRF)', async () => {
    const production = new WebhooksService(ctx().dataSource, ctx().services.outbox, {
      allowPlainHttp: false,
      allowPrivateAddresses: false,
      secretKey: ctx().services.config.webhooks.secretKey,
    });
    const nordlys = await partnerId('nordlys');
    for (const url of [
      'https://127.0.0.1/hook',
      'https://10.0.0.5/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
      'https://localhost/hook',
      'http://example.no/hook',
    ]) {
      await assert.rejects(
        production.create(nordlys, { url, eventTypes: ['order.created'] }),
        (error) => error instanceof Problem && error.errors?.[0].field === 'url',
        url,
      );
    }
    assert.equal(await publicAddressProblem('https://8.8.8.8/hook'), undefined);
    assert.match((await publicAddressProblem('https://[::ffff:10.1.2.3]/hook')) ?? '', /private/);
  });

  it('in production, checks the address at connect time too, so a name cannot re-resolve to an internal one (DNS rebinding)', async () => {
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    const before = receiver.received.length;
    // Control: without the guard, the name reaches the receiver.
    assert.equal((await fetch(byName, { method: 'POST', body: '{}' })).status, 204);
    assert.equal(receiver.received.length, before + 1);
    const guarded = fetch(byName, { method: 'POST', body: '{}', dispatcher: publicOnlyDispatcher() });
    await assert.rejects(guarded, (error: Error & { cause?: Error }) =>
      /resolves to .*a loopback address/.test(String(error.cause?.message)),
    );
    assert.equal(receiver.received.length, before + 1, 'nothing was sent');
  });

  it('needs the webhooks:manage scope', async () => {
    const readOnly = await as('nordlys', 'orders:read');
    const res = await readOnly.get('/v1/webhook-endpoints').expect(403);
    assert.equal(res.body.code, 'insufficient-scope');
  });
});

describe('the partner mailbox setting', () => {
  it('reads and sets the notification mailbox; a bad address names the field', async () => {
    const partner = await as('fjordheim');
    const read = await partner.get('/v1/partner').expect(200);
    assert.equal(read.body.name, 'Fjordheim kommune');
    // A new address, never set before, read back; then the one it had, so that no other test sees a change.
    const changed = `eid-${Date.now()}@fjordheim.kommune.example.no`;
    const set = await partner.patch('/v1/partner').send({ notificationEmail: changed }).expect(200);
    assert.equal(set.body.notificationEmail, changed);
    assert.equal((await partner.get('/v1/partner').expect(200)).body.notificationEmail, changed);
    await partner.patch('/v1/partner').send({ notificationEmail: read.body.notificationEmail }).expect(200);
    const bad = await partner.patch('/v1/partner').send({ notificationEmail: 'nei' }).expect(400);
    assert.equal(bad.body.errors[0].field, 'notificationEmail');
    const noScope = await as('fjordheim', 'orders:read');
    await noScope.patch('/v1/partner').send({ notificationEmail: 'x@example.no' }).expect(403);
  });
});
