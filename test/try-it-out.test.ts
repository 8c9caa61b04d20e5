import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDataSource, migrate } from '../src/db/data-source';
import {
  DEMO_CLIENTS,
  DEMO_LEGACY_CARDS,
  DEMO_OPERATOR_CLIENT,
  DEMO_PARTNERS,
  DEMO_PEOPLE,
  DEMO_REGISTRY_ONLY_PEOPLE,
} from '../src/demo/demo-data';
import { seedDemoData } from '../src/demo/seed';
import { JobQueue } from '../src/jobs/job-queue';
import { createLogger } from '../src/logger';
import { Outbox } from '../src/notifications/outbox';
import { createServices } from '../src/services';
import { syntheticNationalId } from '../src/validation/national-id';
import { testEnvironment } from './hooks';
import { ctx } from './support/context';
import { operatorSpec, spec } from './support/spec-schemas';
import { TestClock } from './support/test-clock';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown; default?: unknown };
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { example?: { code: string }; examples?: object }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );

/** What Swagger UI's "Try it out" fills in by itself: a parameter's example, else its schema's example or default. */
const prefilled = (p: Parameter) => p.example ?? p.schema?.example ?? p.schema?.default;
/** A pre-filled value as Swagger UI puts it in the URL or a header: strings as they are, numbers and booleans as JSON. */
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The documented codes of an operation's error answer (its examples). */
function documentedCodes(operation: Operation, status: number): string[] {
  const media = operation.responses[String(status)]?.content?.['application/problem+json'];
  if (!media) return [];
  if (media.example) return [media.example.code];
  return Object.values((media.examples ?? {}) as Record<string, { value: { code: string } }>).map((e) => e.value.code);
}

/**
 * Answers that are not a refusal of the examples but of the demo data's state, with the reason. None today: every
 * operation's first "Try it out" succeeds on freshly seeded demo data. A second Execute of a state change (approve
 * the same order again, renew the same card again) gets its documented 409 (order-not-pending,
 * order-not-possible), as it should.
 */
const STATE_ANSWERS: Record<string, { status: number; code: string; reason: string }> = {};

const nationalIdOf = (person: (typeof DEMO_PEOPLE)[number]) => {
  const index = [...DEMO_PEOPLE, ...DEMO_REGISTRY_ONLY_PEOPLE].indexOf(person);
  return syntheticNationalId(person.birthDate, index + 1);
};

/**
 * Every operation of both spec documents, sent as Swagger UI's "Try it out" sends it (parameter examples and
 * defaults, the request body's example, nothing else) to an app on freshly seeded demo data (`npm start`'s), with
 * a token that has the scopes. Path ids have no examples: a real id comes from an earlier answer, and Swagger UI
 * sends nothing until one is pasted; here they come from earlier answers too (a list, or a create sent with its
 * own example). No operation may be refused for its input (400, 404, 422), nor fail (5xx).
 */
describe('Swagger UI "Try it out": the pre-filled requests succeed on the demo data', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobQueue: JobQueue;
  let app: Express;
  const tokens: Record<string, string> = {};

  before(async () => {
    database = await createTestDatabase();
    const config = loadConfig(testEnvironment(database.url, ctx().mail.url));
    const logger = createLogger('silent');
    dataSource = createDataSource(database.url, 5, config.databaseTimeouts);
    await dataSource.initialize();
    await migrate(dataSource);
    jobQueue = new JobQueue(database.url, config.jobs, logger);
    await jobQueue.start();
    await seedDemoData(dataSource, new Outbox(jobQueue));
    // The demo data is dated from the real time it is seeded at (an expiry 35 days ahead, an order of yesterday):
    // the app's clock stands at that time, as under `npm start`.
    const clock = new TestClock(new Date().toISOString());
    app = createApp(createServices({ config, logger, dataSource, jobQueue, clock }));
    const clientToken = async (clientId: string, secret: string) =>
      (
        await request(app)
          .post('/oauth/token')
          .auth(clientId, secret)
          .type('form')
          .send({ grant_type: 'client_credentials' })
          .expect(200)
      ).body.access_token as string;
    const nordlys = DEMO_CLIENTS.find((c) => c.partner === 'nordlys')!;
    tokens.partner = await clientToken(nordlys.clientId, nordlys.secret);
    tokens.operator = await clientToken(DEMO_OPERATOR_CLIENT.clientId, DEMO_OPERATOR_CLIENT.secret);
    const endUserToken = async (nationalId: string) =>
      (await request(app).post('/dev-idp/token').type('form').send({ nationalId }).expect(200)).body
        .access_token as string;
    // My Page: Bjørn Lærum, whose card (the legacy one) the renewal example names. The order page: someone in the
    // population registry with no card yet.
    tokens.me = await endUserToken(nationalIdOf(DEMO_PEOPLE[DEMO_LEGACY_CARDS[0].person]));
    tokens.orderPage = await endUserToken(nationalIdOf(DEMO_REGISTRY_ONLY_PEOPLE[0]));
  });

  after(async () => {
    await jobQueue?.stop().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await database?.drop();
  });

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const partnerGet = async (url: string) => (await request(app).get(url).set(as('partner')).expect(200)).body;
  const partnerPost = async (url: string, body?: object) =>
    (
      await request(app)
        .post(url)
        .set(as('partner'))
        .send(body ?? {})
        .expect((r) => assert.ok(r.status < 300, `${url}: ${r.status} ${JSON.stringify(r.body)}`))
    ).body;
  const bodyExample = (path: string, method: string) => {
    const media = spec.paths[path][method].requestBody.content['application/json'];
    return media.example ?? Object.values(media.examples as Record<string, { value: object }>)[0].value;
  };

  // Ids a person trying the API takes from an earlier answer: a list, or what a create (its own example) answered.
  const pendingOrders: string[] = [];
  const earlier = {
    endpointId: async () =>
      (await partnerPost('/v1/webhook-endpoints', bodyExample('/v1/webhook-endpoints', 'post'))).id,
    apiClient: async () => partnerPost('/v1/api-clients', bodyExample('/v1/api-clients', 'post')),
    cardReaderOrderId: async () =>
      (await partnerPost('/v1/card-reader-orders', bodyExample('/v1/card-reader-orders', 'post'))).id,
    pendingOrderId: async () => {
      if (!pendingOrders.length)
        pendingOrders.push(...(await partnerGet('/v1/orders?status=pending')).data.map((o: { id: string }) => o.id));
      return pendingOrders.shift()!;
    },
    endUserId: async () => (await partnerGet('/v1/end-users')).data[0].id,
    invoiceId: async () => {
      // Invoices are made for an ended month by the invoicing job: run it as the operator page would.
      let invoices = (await partnerGet('/v1/invoices')).data;
      if (!invoices.length) {
        await request(app).post('/v1/operator/jobs/invoices/runs').set(as('operator')).expect(200);
        invoices = (await partnerGet('/v1/invoices')).data;
      }
      return invoices[0].id;
    },
    documentId: async () => (await upload()).body.id,
    scimToken: async () =>
      partnerPost('/v1/roster/scim-tokens', bodyExample('/v1/roster/scim-tokens', 'post')) as Promise<{
        id: string;
        token: string;
      }>,
    // A roster member exists once the HR directory sent one over SCIM (with the token made just before).
    memberId: async () => {
      const { token } = await earlier.scimToken();
      const userName = `kari.${randomBytes(4).toString('hex')}@nordlys.example`;
      const created = await request(app)
        .post('/scim/v2/Users')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/scim+json')
        .send(JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true }))
        .expect(201);
      return (created.body as { id: string }).id;
    },
    cardId: async (status: string) => {
      // The operator reads the card off its order (the order detail names it).
      for (const order of (await partnerGet('/v1/orders?limit=100')).data) {
        const card = (await partnerGet(`/v1/orders/${order.id}`)).card;
        if (card?.status === status) return card.id as string;
      }
      throw new Error(`the demo data has no card ${status}`);
    },
  };
  /** A power of attorney as a person would pick it in Swagger UI's file field: a (tiny) PDF. */
  const upload = () =>
    request(app)
      .post('/v1/powers-of-attorney')
      .set(as('partner'))
      .attach('file', Buffer.from(`%PDF-1.7\n% ${randomBytes(8).toString('hex')}\n%%EOF\n`), 'fullmakt.pdf');

  /** The values of an operation's path parameters, as a person pastes them from an earlier answer. */
  async function pathValues(path: string, operationId: string): Promise<Record<string, string>> {
    if (path.startsWith('/v1/webhook-endpoints/')) return { endpointId: await earlier.endpointId() };
    if (path.startsWith('/v1/order-pages/')) return { code: DEMO_PARTNERS[0].product.code };
    if (path.startsWith('/v1/orders/')) return { orderId: await earlier.pendingOrderId() };
    if (path.startsWith('/v1/invoices/')) return { invoiceId: await earlier.invoiceId() };
    if (path.startsWith('/v1/end-users/')) return { endUserId: await earlier.endUserId() };
    if (path.startsWith('/v1/powers-of-attorney/')) return { documentId: await earlier.documentId() };
    if (path.startsWith('/v1/roster/members/')) return { memberId: await earlier.memberId() };
    if (path.startsWith('/v1/roster/scim-tokens/')) return { id: (await earlier.scimToken()).id };
    if (path.startsWith('/v1/approval-policies/')) return { cardProductId: DEMO_PARTNERS[0].product.id };
    if (path.startsWith('/v1/cards/')) return { cardId: await earlier.cardId('active') };
    if (path.startsWith('/v1/card-reader-orders/') || path.startsWith('/v1/operator/card-reader-orders/'))
      return { orderId: await earlier.cardReaderOrderId() };
    if (path.startsWith('/v1/api-clients/')) {
      const client = await earlier.apiClient();
      return { apiClientId: client.id, kid: client.keys[0]?.kid };
    }
    if (path.startsWith('/v1/operator/cards/')) {
      const from = { Operator_shipCard: 'in_production', Operator_activateCard: 'shipped' }[operationId] ?? 'active';
      return { cardId: await earlier.cardId(from) };
    }
    if (path.startsWith('/v1/operator/jobs/')) return { job: 'expire-cards' };
    return {};
  }

  function tokenFor(document: Document, path: string, operation: Operation): Record<string, string> {
    const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
    if (schemes.includes('oauth2')) return as(document === operatorSpec ? 'operator' : 'partner');
    if (schemes.includes('end_user')) return as(path.startsWith('/v1/order-pages/') ? 'orderPage' : 'me');
    return {};
  }

  it('sends every operation as pre-filled; none is refused for its input, none fails', async () => {
    const results: string[] = [];
    for (const document of [spec as Document, operatorSpec as Document]) {
      for (const { path, method, operation } of operationsOf(document)) {
        const id = operation.operationId;
        const parameters = operation.parameters ?? [];
        const values = await pathValues(path, id);
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
          const value = (parameter && prefilled(parameter)) ?? values[name];
          assert.ok(value, `${id}: a value for {${name}}`);
          return encodeURIComponent(text(value));
        });
        const query = Object.fromEntries(
          parameters
            .filter((p) => p.in === 'query' && prefilled(p) !== undefined)
            .map((p) => [p.name, text(prefilled(p))]),
        );
        const headers = Object.fromEntries(
          parameters
            .filter((p) => p.in === 'header' && prefilled(p) !== undefined)
            .map((p) => [p.name, text(prefilled(p))]),
        );
        const content = operation.requestBody?.content ?? {};
        let response: request.Response;
        if (content['multipart/form-data']) {
          response = await upload();
        } else {
          let test = request(app)
            [method as 'get' | 'post' | 'patch' | 'delete'](url)
            .query(query)
            .set({ ...headers, ...tokenFor(document, path, operation) });
          const json = content['application/json'];
          if (json) test = test.send((json.example ?? Object.values(json.examples ?? {})[0]?.value) as object);
          response = await test;
        }
        const what = `${id} (${method.toUpperCase()} ${url}): ${response.status} ${JSON.stringify(response.body)}`;
        const expected = STATE_ANSWERS[id];
        if (expected) {
          assert.equal(response.status, expected.status, what);
          assert.equal(response.body.code, expected.code, what);
        } else {
          assert.ok(response.status < 300, what);
        }
        if (response.status >= 400)
          assert.ok(documentedCodes(operation, response.status).includes(response.body.code), `${what}: documented`);
        results.push(`${id} ${response.status}`);
      }
    }
    const count = operationsOf(spec as Document).length + operationsOf(operatorSpec as Document).length;
    assert.equal(results.length, count);
    assert.ok(count > 50, `${count} operations`);
  });

  it("sends the body examples' ids as they are: they name demo data that exists", async () => {
    const readers = bodyExample('/v1/card-reader-orders', 'post') as { cardProductId: string };
    assert.equal(readers.cardProductId, DEMO_PARTNERS[0].product.id);
    const renewal = bodyExample('/v1/me/orders', 'post') as { cardId: string };
    assert.equal(renewal.cardId, DEMO_LEGACY_CARDS[0].id);
    // Executed once (201, or already by the walk above), the renewal's second Execute gets its documented 409.
    const first = await request(app).post('/v1/me/orders').set(as('me')).send(renewal);
    assert.ok([201, 409].includes(first.status), `${first.status} ${JSON.stringify(first.body)}`);
    const again = await request(app).post('/v1/me/orders').set(as('me')).send(renewal).expect(409);
    assert.equal(again.body.code, 'order-not-possible');
  });
});
