import assert from 'node:assert/strict';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { unseal } from '../src/common/secret-box';
import { newKey, newKeyClient } from './support/client-keys';
import { ctx } from './support/context';
import {
  as,
  asEndUser,
  asOperator,
  endUserWithActiveCard,
  partnerId,
  pendingOrder,
  registryPerson,
} from './support/fixtures';
import { operatorSpec, spec } from './support/spec-schemas';

type Sender = (path: string) => request.Test;

/** One POST of the API: how to make a valid request of it, and how many resources (or effects) it made. */
interface PostCase {
  /** The request, ready to send once: a fresh target each time `prepare` runs. */
  prepare(): Promise<{ send: (key: string) => request.Test; count: () => Promise<number> }>;
}

const count = async (sql: string, values: unknown[]): Promise<number> =>
  (await ctx().dataSource.query(sql, values))[0].count;
const audits = (subjectId: string, action: string) =>
  count(`SELECT count(*)::int AS count FROM audit_event WHERE subject_id = $1 AND action = $2`, [subjectId, action]);

function pdf(): Buffer {
  return Buffer.from(
    `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
      `3 0 obj << /Title (Fullmakt ${randomBytes(8).toString('hex')}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

async function operatorSender(): Promise<Sender> {
  const operator = await asOperator();
  return operator.post;
}

/** A card of an approved order, in production. */
async function cardInProduction(): Promise<string> {
  const order = await pendingOrder('nordlys');
  return (await (await as('nordlys')).post(`/v1/orders/${order.id}/approve`).expect(200)).body.card.id;
}

async function webhookEndpoint(): Promise<{ id: string; secret: string }> {
  const created = await (
    await as('nordlys')
  )
    .post('/v1/webhook-endpoints')
    .send({ url: `http://127.0.0.1:9/hooks/${randomUUID()}`, eventTypes: ['order.created'] })
    .expect(201);
  return created.body;
}

const withKey = (test: request.Test, key: string) => test.set('Idempotency-Key', key);

/** Every POST operation of the spec, by operationId. A POST added to the API without a case here fails the walk below. */
const CASES: Record<string, PostCase> = {
  Webhooks_createWebhookEndpoint: {
    async prepare() {
      const url = `http://127.0.0.1:9/hooks/${randomUUID()}`;
      const nordlys = await as('nordlys');
      return {
        send: (key) => withKey(nordlys.post('/v1/webhook-endpoints'), key).send({ url, eventTypes: ['order.created'] }),
        count: () => count(`SELECT count(*)::int AS count FROM webhook_endpoint WHERE url = $1`, [url]),
      };
    },
  },
  Webhooks_rotateWebhookSecret: {
    async prepare() {
      const endpoint = await webhookEndpoint();
      const nordlys = await as('nordlys');
      return {
        send: (key) => withKey(nordlys.post(`/v1/webhook-endpoints/${endpoint.id}/secret-rotation`), key),
        // rotated once: the previous secret is still the first one (a second rotation would have replaced it)
        count: async () => {
          const [row] = await ctx().dataSource.query(
            `SELECT secret, previous_secret FROM webhook_endpoint WHERE id = $1`,
            [endpoint.id],
          );
          const key = ctx().services.config.webhooks.secretKey;
          return row.previous_secret && unseal(row.previous_secret, key) === endpoint.secret ? 1 : 2;
        },
      };
    },
  },
  Webhooks_sendWebhookTestEvent: {
    async prepare() {
      const endpoint = await webhookEndpoint();
      const nordlys = await as('nordlys');
      return {
        send: (key) => withKey(nordlys.post(`/v1/webhook-endpoints/${endpoint.id}/test-events`), key),
        count: () =>
          count(
            `SELECT count(*)::int AS count FROM webhook_event WHERE type = 'webhook.test' AND payload->'data'->>'endpointId' = $1`,
            [endpoint.id],
          ),
      };
    },
  },
  OrderPage_placeFirstOrder: {
    async prepare() {
      const person = await registryPerson();
      const endUser = await asEndUser(person.nationalId);
      const body = {
        email: `first-${randomInt(1e9)}@example.no`,
        company: 'Ærlig AS',
        delivery: { choice: 'registered' },
      };
      return {
        send: (key) => withKey(endUser.post('/v1/order-pages/nordlys-ansatt/orders'), key).send(body),
        count: () =>
          count(
            `SELECT count(*)::int AS count FROM card_order o JOIN end_user u ON u.id = o.end_user_id WHERE u.national_id = $1`,
            [person.nationalId],
          ),
      };
    },
  },
  MyPage_placeFollowUpOrder: {
    async prepare() {
      const holder = await endUserWithActiveCard('nordlys');
      return {
        send: (key) =>
          withKey(holder.endUser.post('/v1/me/orders'), key).send({
            kind: 'additional',
            cardId: holder.cardId,
            delivery: { choice: 'registered' },
          }),
        count: () =>
          count(
            `SELECT count(*)::int AS count FROM card_order WHERE end_user_id = (SELECT end_user_id FROM card WHERE id = $1) AND kind = 'additional'`,
            [holder.cardId],
          ),
      };
    },
  },
  Orders_approveOrder: {
    async prepare() {
      const order = await pendingOrder('nordlys');
      const nordlys = await as('nordlys');
      return {
        send: (key) => withKey(nordlys.post(`/v1/orders/${order.id}/approve`), key),
        count: () => audits(order.id, 'approved'),
      };
    },
  },
  Orders_rejectOrder: {
    async prepare() {
      const order = await pendingOrder('nordlys');
      const nordlys = await as('nordlys');
      return {
        send: (key) =>
          withKey(nordlys.post(`/v1/orders/${order.id}/reject`), key).send({
            reason: 'not_affiliated',
            message: 'Ikke ansatt.',
          }),
        count: () => audits(order.id, 'rejected'),
      };
    },
  },
  Operator_shipCard: {
    async prepare() {
      const card = await cardInProduction();
      const post = await operatorSender();
      return {
        send: (key) =>
          withKey(post(`/v1/operator/cards/${card}/shipment`), key).send({ trackingNumber: 'RR123456785NO' }),
        count: () => audits(card, 'shipped'),
      };
    },
  },
  Operator_activateCard: {
    async prepare() {
      const card = await cardInProduction();
      const post = await operatorSender();
      await post(`/v1/operator/cards/${card}/shipment`).send({ trackingNumber: 'RR123456785NO' }).expect(200);
      return {
        send: (key) => withKey(post(`/v1/operator/cards/${card}/activation`), key),
        count: () => audits(card, 'activated'),
      };
    },
  },
  Operator_revokeCard: {
    async prepare() {
      const card = await cardInProduction();
      const post = await operatorSender();
      return {
        send: (key) => withKey(post(`/v1/operator/cards/${card}/revocation`), key).send({ reason: 'Mistet' }),
        count: () => audits(card, 'revoked'),
      };
    },
  },
  Operator_runJob: {
    async prepare() {
      const post = await operatorSender();
      const before = await count(`SELECT count(*)::int AS count FROM retention_run`, []);
      return {
        send: (key) => withKey(post('/v1/operator/jobs/retention/runs'), key),
        count: async () => (await count(`SELECT count(*)::int AS count FROM retention_run`, [])) - before,
      };
    },
  },
  Operator_shipCardReaders: {
    async prepare() {
      const nordlys = await as('nordlys');
      const [product] = await ctx().dataSource.query(`SELECT id FROM card_product WHERE partner_id = $1`, [
        await partnerId('nordlys'),
      ]);
      const stock = (
        await nordlys.post('/v1/card-reader-orders').send({ cardProductId: product.id, quantity: 2 }).expect(201)
      ).body;
      const post = await operatorSender();
      return {
        send: (key) =>
          withKey(post(`/v1/operator/card-reader-orders/${stock.id}/shipment`), key).send({
            trackingNumber: 'RR123456785NO',
          }),
        count: () => audits(stock.id, 'shipped'),
      };
    },
  },
  CardReaderOrders_orderCardReaders: {
    async prepare() {
      const nordlys = await as('nordlys');
      const [product] = await ctx().dataSource.query(`SELECT id FROM card_product WHERE partner_id = $1`, [
        await partnerId('nordlys'),
      ]);
      const quantity = 100 + randomInt(800);
      const before = await count(
        `SELECT count(*)::int AS count FROM card_reader_order WHERE card_product_id = $1 AND quantity = $2`,
        [product.id, quantity],
      );
      return {
        send: (key) =>
          withKey(nordlys.post('/v1/card-reader-orders'), key).send({ cardProductId: product.id, quantity }),
        count: async () =>
          (await count(
            `SELECT count(*)::int AS count FROM card_reader_order WHERE card_product_id = $1 AND quantity = $2`,
            [product.id, quantity],
          )) - before,
      };
    },
  },
  Roster_createScimToken: {
    async prepare() {
      const nordlys = await as('nordlys');
      const name = `Entra ID ${randomUUID()}`;
      return {
        send: (key) => withKey(nordlys.post('/v1/roster/scim-tokens'), key).send({ name }),
        count: () => count(`SELECT count(*)::int AS count FROM scim_token WHERE name = $1`, [name]),
      };
    },
  },
  Roster_revokeLeaverCard: {
    async prepare() {
      const card = await cardInProduction();
      const nordlys = await as('nordlys');
      return {
        send: (key) => withKey(nordlys.post(`/v1/cards/${card}/revocation`), key).send({ reason: 'Sluttet' }),
        count: () => audits(card, 'revoked'),
      };
    },
  },
  ApiClients_createApiClient: {
    async prepare() {
      const nordlys = await as('nordlys');
      const name = `Lønn ${randomUUID()}`;
      return {
        send: (key) => withKey(nordlys.post('/v1/api-clients'), key).send({ name, scopes: ['orders:read'] }),
        count: () => count(`SELECT count(*)::int AS count FROM api_client WHERE name = $1`, [name]),
      };
    },
  },
  ApiClients_addApiClientKeys: {
    async prepare() {
      const client = await newKeyClient('nordlys', [await newKey()]);
      const key = await newKey();
      const nordlys = await as('nordlys');
      return {
        send: (idempotencyKey) =>
          withKey(nordlys.post(`/v1/api-clients/${client.id}/keys`), idempotencyKey).send({ keys: [key.publicJwk] }),
        count: () => audits(client.id, 'api_client_keys_added'),
      };
    },
  },
  ApiClients_replaceApiClientSecret: {
    async prepare() {
      const client = await newKeyClient('nordlys', [await newKey()]);
      const nordlys = await as('nordlys');
      return {
        send: (key) => withKey(nordlys.post(`/v1/api-clients/${client.id}/secret`), key),
        count: () => audits(client.id, 'api_client_secret_replaced'),
      };
    },
  },
  PowersOfAttorney_uploadPowerOfAttorney: {
    async prepare() {
      const nordlys = await as('nordlys');
      const file = pdf();
      const { createHash } = await import('node:crypto');
      const sha256 = createHash('sha256').update(file).digest('hex');
      return {
        send: (key) =>
          withKey(nordlys.post('/v1/powers-of-attorney'), key).attach('file', file, {
            filename: 'fullmakt.pdf',
            contentType: 'application/pdf',
          }),
        count: () => count(`SELECT count(*)::int AS count FROM power_of_attorney WHERE sha256 = $1`, [sha256]),
      };
    },
  },
};

type Paths = Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[] }>>;
/** The POSTs of both documents: the partners' spec and the operator document. */
const posts = [spec, operatorSpec].flatMap((document) =>
  Object.entries(document.paths as Paths).flatMap(([path, item]) =>
    item.post ? [{ path, operation: item.post }] : [],
  ),
);

describe("Idempotency-Key on every POST of the spec (partners' and operator document)", function () {
  this.timeout(60_000);

  it('the spec declares the Idempotency-Key header on every POST, and every POST has a case here', () => {
    assert.ok(posts.length >= 14);
    for (const { path, operation } of posts) {
      assert.ok(
        operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
        `${path} declares Idempotency-Key`,
      );
      assert.ok(CASES[operation.operationId], `a case for ${operation.operationId}`);
    }
  });

  for (const { path, operation } of posts) {
    it(`${operation.operationId} (POST ${path}): a repeat with the same key makes one resource and replays the first answer`, async () => {
      const testCase = CASES[operation.operationId];
      assert.ok(testCase, `no case for ${operation.operationId}`);
      const { send, count: made } = await testCase.prepare();
      const key = randomUUID();
      const first = await send(key);
      assert.ok(first.status >= 200 && first.status < 300, `${first.status} ${JSON.stringify(first.body)}`);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const repeat = await send(key);
      assert.equal(repeat.status, first.status);
      assert.equal(repeat.headers['idempotent-replayed'], 'true');
      assert.deepEqual(repeat.body, first.body);
      assert.equal(repeat.headers.location, first.headers.location);
      assert.equal(await made(), 1, 'exactly one resource (or effect)');
      // the same key with another request is refused, not replayed
      if (operation.operationId === 'Webhooks_createWebhookEndpoint') {
        const other = await (
          await as('nordlys')
        )
          .post('/v1/webhook-endpoints')
          .set('Idempotency-Key', key)
          .send({ url: 'http://127.0.0.1:9/other', eventTypes: ['order.created'] });
        assert.equal(other.status, 422);
        assert.equal(other.body.code, 'idempotency-key-reused');
      }
    });
  }

  it('a stored answer holding a signing secret is sealed in the database', async () => {
    const key = randomUUID();
    const created = await (
      await as('nordlys')
    )
      .post('/v1/webhook-endpoints')
      .set('Idempotency-Key', key)
      .send({ url: `http://127.0.0.1:9/${randomUUID()}`, eventTypes: ['order.created'] })
      .expect(201);
    const [row] = await ctx().dataSource.query(`SELECT response_body FROM idempotency_key WHERE key = $1`, [key]);
    assert.ok(!row.response_body.includes(created.body.secret.slice(6)));
    assert.match(row.response_body, /^v1:/);
  });
});
