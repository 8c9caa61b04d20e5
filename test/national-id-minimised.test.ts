import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { projectRoot } from '../src/common/project-root';
import { ctx } from './support/context';
import { bulkPartner } from './support/bulk';
import { asOperator, pendingOrder } from './support/fixtures';
import { WebhookReceiver } from './support/webhook-receiver';

interface Operation {
  method: string;
  path: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** Every GET a partner's API client can call, read from the committed spec: new endpoints are scanned without editing this test. */
function partnerReads(): Operation[] {
  const spec = JSON.parse(readFileSync(path.join(projectRoot(), 'openapi', 'openapi.json'), 'utf8'));
  const reads: Operation[] = [];
  for (const [route, operations] of Object.entries<Record<string, Omit<Operation, 'method' | 'path'>>>(spec.paths)) {
    const get = operations.get;
    if (!get) continue;
    const scopes = (get.security ?? []).flatMap((s) => s.oauth2 ?? ['-not-oauth2-']);
    if (!(get.security ?? []).some((s) => s.oauth2) || scopes.includes('operator')) continue;
    reads.push({ ...get, method: 'get', path: route });
  }
  return reads;
}

const waitUntil = async (what: string, check: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 15 s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('national identity numbers: partners see them masked, everywhere', function () {
  this.timeout(60_000);
  const receiver = new WebhookReceiver();
  before(() => receiver.start());
  after(() => receiver.stop());
  afterEach(() => ctx().clock.reset());

  it('no partner endpoint, in any format, shows a whole national identity number; a search with the whole number finds the person', async () => {
    const { dataSource, app, clock } = ctx();
    // A partner of this test's own, so that every list below holds this test's people and nothing else.
    const partner = await bulkPartner(0);
    const token = (
      await request(app)
        .post('/oauth/token')
        .auth(partner.clientId, partner.secret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200)
    ).body.access_token as string;
    const get = (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`);
    const post = (url: string) => request(app).post(url).set('Authorization', `Bearer ${token}`);
    const [{ id: cardProductId }] = await dataSource.query(`SELECT id FROM card_product WHERE partner_id = $1`, [
      partner.partnerId,
    ]);
    const seen: string[] = [];
    const scanned = (what: string, text: string) => seen.push(`${what}\n${text}`);

    const endpoint = (
      await post('/v1/webhook-endpoints')
        .send({ url: receiver.url, eventTypes: ['order.created', 'order.approved'] })
        .expect(201)
    ).body;
    // Waiting stays pending; holder is approved, shipped and activated.
    const waiting = await pendingOrder('nordlys', { cardProductId });
    const holder = await pendingOrder('nordlys', { cardProductId });
    const people = [waiting.nationalId, holder.nationalId];
    const corrected = await request(app)
      .patch(`/v1/orders/${holder.id}`)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', (await get(`/v1/orders/${holder.id}`).expect(200)).headers.etag)
      .send({ company: 'Rettet AS' })
      .expect(200);
    scanned('PATCH order', corrected.text);
    const approved = await post(`/v1/orders/${holder.id}/approve`).expect(200);
    scanned('POST approve', approved.text);
    const operator = await asOperator();
    await operator
      .post(`/v1/operator/cards/${approved.body.card.id}/shipment`)
      .send({ trackingNumber: 'RR123456785NO' })
      .expect(200);
    await operator.post(`/v1/operator/cards/${approved.body.card.id}/activation`).expect(200);
    await request(app)
      .patch('/v1/partner')
      .set('Authorization', `Bearer ${token}`)
      .send({ address: { street: 'Storgata 1', postalCode: '0150', city: 'OSLO' } })
      .expect(200);
    // The holder in the partner's staff roster, provisioned over SCIM with the whole number (issue 12), and a SCIM token.
    const member = await request(app)
      .post('/scim/v2/Users')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send(
        JSON.stringify({
          schemas: [
            'urn:ietf:params:scim:schemas:core:2.0:User',
            'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User',
          ],
          userName: `holder-${holder.id}@example.no`,
          'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User': { nationalIdentityNumber: holder.nationalId },
        }),
      )
      .expect(201);
    scanned('POST /scim/v2/Users', member.text);
    await post('/v1/roster/scim-tokens').send({ name: 'Entra ID' }).expect(201);
    const readers = await post('/v1/card-reader-orders').send({ cardProductId, quantity: 2 }).expect(201);
    scanned('POST card-reader-orders', readers.text);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Title (fullmakt) >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
    const document = (
      await post('/v1/powers-of-attorney')
        .attach('file', pdf, { filename: 'fullmakt.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body;
    const [invoice] = await dataSource.query(
      `INSERT INTO invoice (partner_id, period_start, net_ore, vat_ore, total_ore) VALUES ($1, '2026-01-01', 39900, 9975, 49875) RETURNING id`,
      [partner.partnerId],
    );
    await dataSource.query(
      `INSERT INTO invoice_line (invoice_id, item, card_product_id, order_kind, reference, company, quantity, unit_price_ore, amount_ore)
       VALUES ($1, 'card', $2, 'new', $3, 'Rettet AS', 1, 39900, 39900)`,
      [invoice.id, cardProductId, `${holder.orderNumber} ${approved.body.card.serialNumber}`],
    );
    // A public key on the partner's own API client, so that its key list has a row too.
    const { x, y } = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const [{ id: apiClientId }] = await dataSource.query(`SELECT id FROM api_client WHERE client_id = $1`, [
      partner.clientId,
    ]);
    await post(`/v1/api-clients/${apiClientId}/keys`)
      .send({ keys: [{ kty: 'EC', kid: 'scan-test', crv: 'P-256', alg: 'ES256', x, y }] })
      .expect(201);
    await waitUntil(
      'a webhook delivery logged',
      async () => (await get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body.data?.length > 0,
    );
    // The expiring-cards report from a month before the card expires.
    clock.set(
      new Date(`${approved.body.card.expiresOn}T12:00:00Z`.replace(/^(\d{4}-\d{2}-\d{2})/, (d) => addDays(d, -30))),
    );

    // The search with the whole number: an exact match, answered with the number masked.
    const found = await get(`/v1/end-users?q=${holder.nationalId}`).expect(200);
    assert.deepEqual(
      found.body.data.map((u: { id: string }) => u.id),
      [holder.endUserId],
    );
    assert.equal(found.body.data[0].nationalId, `${holder.nationalId.slice(0, 6)}*****`);
    scanned('GET end-users?q=', found.text);
    const otherLastDigit = (Number(holder.nationalId[10]) + 1) % 10;
    const none = await get(`/v1/end-users?q=${holder.nationalId.slice(0, 10)}${otherLastDigit}`).expect(200);
    assert.equal(none.body.data.length, 0, 'only the whole number matches');

    const ids: Record<string, string> = {
      '/v1/orders/{orderId}': holder.id,
      '/v1/card-reader-orders/{orderId}': readers.body.id,
      '/v1/end-users/{endUserId}': holder.endUserId,
      '/v1/invoices/{invoiceId}': invoice.id,
      '/v1/powers-of-attorney/{documentId}': document.id,
      '/v1/webhook-endpoints/{endpointId}': endpoint.id,
      '/v1/api-clients/{apiClientId}': apiClientId,
      '/v1/approval-policies/{cardProductId}': cardProductId,
    };
    const reads = partnerReads();
    assert.ok(reads.length >= 15, `the spec's partner reads (${reads.length})`);
    for (const operation of reads) {
      let url = operation.path;
      for (const [placeholder] of operation.path.matchAll(/\{\w+\}/g)) {
        const parent = operation.path.slice(0, operation.path.indexOf(placeholder) + placeholder.length);
        // Ids this test made for the purpose; any other id is the first of the partner's own list one level up.
        let id = ids[parent];
        if (!id) {
          const list = parent.slice(0, parent.lastIndexOf('/'));
          id = (await get(url.slice(0, url.indexOf(placeholder) - 1)).expect(200)).body.data?.[0]?.id;
          assert.ok(id, `${operation.path}: no ${placeholder} in GET ${list}; make the data for it in this test`);
        }
        url = url.replace(placeholder, id);
      }
      const formats = operation.responses['200']?.content?.['text/csv'] ? ['json', 'csv', 'ndjson'] : ['json'];
      for (const format of formats) {
        const response = await get(format === 'json' ? url : `${url}?format=${format}`)
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(null, Buffer.concat(chunks).toString('latin1')));
          });
        assert.equal(response.status, 200, `${url} ${format}: ${response.body}`);
        const text = response.body as string;
        if (format === 'csv') assert.ok(text.trim().split('\n').length >= 2, `${url} csv has rows`);
        if (format === 'ndjson')
          assert.ok(text.trim().split('\n').length >= 1 && text.trim() !== '', `${url} ndjson has rows`);
        if (format === 'json' && /json/.test(response.headers['content-type'])) {
          const body = JSON.parse(Buffer.from(text, 'latin1').toString('utf8'));
          if (Array.isArray(body.data)) assert.ok(body.data.length > 0, `${url} returns rows`);
        }
        scanned(`GET ${url} ${format}`, Buffer.from(text, 'latin1').toString('utf8'));
      }
    }

    for (const text of seen) {
      for (const nationalId of people)
        assert.ok(!text.includes(nationalId), `a whole national identity number in: ${text.slice(0, 2000)}`);
    }
    // Not vacuous: each person's masked number was shown somewhere, in every report format among others.
    for (const nationalId of people) {
      const masked = `${nationalId.slice(0, 6)}*****`;
      const where = seen.filter((t) => t.includes(masked)).map((t) => t.split('\n')[0]);
      assert.ok(where.some((w) => w.endsWith('csv')) && where.some((w) => w.endsWith('ndjson')), where.join(', '));
    }
    assert.ok(
      seen.some(
        (t) => t.startsWith(`GET /v1/orders/${holder.id} json`) && t.includes(`${holder.nationalId.slice(0, 6)}*****`),
      ),
    );
    // The end user still sees their own number in full on My Page (signed in with it).
    const me = await request(app)
      .post('/dev-idp/token')
      .type('form')
      .send({ nationalId: holder.nationalId })
      .expect(200);
    const profile = await request(app).get('/v1/me').set('Authorization', `Bearer ${me.body.access_token}`).expect(200);
    assert.equal(profile.body.nationalId, holder.nationalId);
  });
});

function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
