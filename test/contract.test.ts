import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PROBLEMS } from '../src/common/problem';
import { ctx } from './support/context';
import { as, pendingOrder } from './support/fixtures';
import { operatorSpec, schemaErrors, spec } from './support/spec-schemas';

interface Media {
  schema?: object;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: { example?: unknown }; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media>; headers?: Record<string, unknown> }>;
}

const operationsOf = (document: { paths: Record<string, Record<string, Operation>> }) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ document, path, method, operation })),
  );
const all = [...operationsOf(spec), ...operationsOf(operatorSpec)];
const examplesOf = (media: Media): unknown[] =>
  media.examples
    ? Object.values(media.examples).map((e) => e.value)
    : media.example === undefined
      ? []
      : [media.example];

describe('the contract (openapi/openapi.json and openapi/operator.json)', () => {
  it('has an example on every JSON request and response, each valid against its schema', () => {
    let checked = 0;
    for (const { document, path, method, operation } of all) {
      const media = [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, m]) => ({
          where: `request ${type}`,
          type,
          m,
        })),
        ...Object.entries(operation.responses).flatMap(([status, r]) =>
          Object.entries(r.content ?? {}).map(([type, m]) => ({ where: `${status} ${type}`, type, m })),
        ),
      ];
      for (const { where, type, m } of media.filter((x) => /json/.test(x.type))) {
        const examples = examplesOf(m);
        assert.ok(examples.length > 0, `${method.toUpperCase()} ${path} ${where}: an example`);
        for (const example of examples) {
          const errors = schemaErrors(m.schema!, type === 'application/x-ndjson' ? example : example, document);
          assert.deepEqual(errors, [], `${method.toUpperCase()} ${path} ${where}: ${JSON.stringify(errors)}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 100, `${checked} examples checked`);
  });

  it('the example check can fail: an invalid value is caught', () => {
    const order = spec.paths['/v1/orders/{orderId}'].get.responses['200'].content['application/json'];
    assert.notDeepEqual(schemaErrors(order.schema, { ...(examplesOf(order)[0] as object), status: 'lost' }), []);
  });

  it('no optional parameter has an example for Swagger UI to send (a made-up cursor, product id, If-Match or key)', () => {
    for (const { path, operation } of all) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.required) continue;
        assert.equal(parameter.example, undefined, `${path} ${parameter.name}`);
        assert.equal(parameter.schema?.example, undefined, `${path} ${parameter.name}`);
      }
    }
  });

  it('every error answer is application/problem+json, and `code` is the enum of the problem registry', () => {
    for (const { path, operation } of all) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], `${path} ${status}`);
      }
    }
    assert.deepEqual(spec.components.schemas.ProblemCode.enum, Object.keys(PROBLEMS));
  });

  it('every response declares Request-Id and the RateLimit headers; 429 and 503 Retry-After; POSTs Idempotent-Replayed', () => {
    for (const { path, method, operation } of all) {
      assert.ok(operation.responses['503'], `${path}: 503`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const headers = Object.keys(response.headers ?? {});
        for (const name of ['Request-Id', 'RateLimit', 'RateLimit-Policy'])
          assert.ok(headers.includes(name), `${method} ${path} ${status} ${name}`);
        if (status === '429' || status === '503')
          assert.ok(headers.includes('Retry-After'), `${path} ${status} Retry-After`);
        if (method === 'post' && Number(status) < 300)
          assert.ok(headers.includes('Idempotent-Replayed'), `${path} ${status} Idempotent-Replayed`);
      }
    }
    assert.ok(spec.paths['/v1/orders/{orderId}'].get.responses['200'].headers.ETag);
  });

  it('the headers declared are the headers sent', async () => {
    const nordlys = await as('nordlys');
    const order = await pendingOrder('nordlys');
    const read = await nordlys.get(`/v1/orders/${order.id}`).expect(200);
    for (const name of ['request-id', 'ratelimit', 'ratelimit-policy', 'etag']) assert.ok(read.headers[name], name);
    const key = randomUUID();
    await nordlys.post(`/v1/orders/${order.id}/approve`).set('Idempotency-Key', key).expect(200);
    const replay = await nordlys.post(`/v1/orders/${order.id}/approve`).set('Idempotency-Key', key).expect(200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.ok(replay.headers.etag);
    const missing = await nordlys.get(`/v1/orders/${randomUUID()}`).expect(404);
    assert.match(missing.headers['content-type'], /^application\/problem\+json/);
    assert.ok(missing.headers['request-id'] && missing.headers.ratelimit);
  });

  it("keeps the operator's operations out of the partners' spec and Swagger UI, in a document of their own", async () => {
    assert.ok(Object.keys(spec.paths).length > 20);
    assert.ok(!Object.keys(spec.paths).some((p) => p.startsWith('/v1/operator')));
    assert.ok(!('operator' in spec.components.securitySchemes.oauth2.flows.clientCredentials.scopes));
    assert.ok(
      Object.keys(operatorSpec.paths).length >= 5 &&
        Object.keys(operatorSpec.paths).every((p) => p.startsWith('/v1/operator/')),
    );
    const { app } = ctx();
    const served = await request(app).get('/operator/openapi.json').expect(200);
    assert.deepEqual(Object.keys(served.body.paths), Object.keys(operatorSpec.paths));
    assert.match((await request(app).get('/docs/operator/').expect(200)).text, /swagger/i);
    assert.ok(
      !Object.keys((await request(app).get('/openapi.json').expect(200)).body.paths).some((p) =>
        p.startsWith('/v1/operator'),
      ),
    );
  });

  it("each error answer's examples name the codes of the registry that operation can give, and no other", () => {
    const documented = new Map<string, Set<string>>();
    for (const { path, operation } of all) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const codes = examplesOf(response.content!['application/problem+json']).map(
          (e) => (e as { code: string }).code,
        );
        assert.ok(codes.length > 0, `${operation.operationId} ${status}: an example`);
        for (const code of codes) {
          const problem = PROBLEMS[code as keyof typeof PROBLEMS];
          assert.equal(problem?.status, Number(status), `${operation.operationId} ${status}: ${code}`);
          if (Array.isArray(problem.arises))
            assert.ok(problem.arises.includes(operation.operationId), `${operation.operationId} ${status}: ${code}`);
        }
        documented.set(`${operation.operationId} ${status}`, new Set(codes));
        assert.equal(new Set(codes).size, codes.length, `${path} ${status}: each code once`);
      }
    }
    const codesOf = (id: string, status: number) => [...(documented.get(`${id} ${status}`) ?? [])].sort();
    // What the services really throw (src/orders, src/credentials, src/cards, src/powers-of-attorney, src/self-service).
    assert.deepEqual(codesOf('Orders_approveOrder', 409), ['idempotency-key-in-flight', 'order-not-pending']);
    assert.deepEqual(codesOf('Orders_correctCompany', 409), ['order-not-pending']);
    assert.deepEqual(codesOf('Webhooks_createWebhookEndpoint', 409), ['idempotency-key-in-flight']);
    assert.deepEqual(codesOf('ApiClients_removeApiClientKey', 409), ['api-client-revoked']);
    assert.deepEqual(codesOf('ApiClients_addApiClientKeys', 409), [
      'api-client-revoked',
      'idempotency-key-in-flight',
      'key-id-taken',
      'too-many-credentials',
    ]);
    assert.deepEqual(codesOf('PowersOfAttorney_uploadPowerOfAttorney', 409), [
      'duplicate-document',
      'idempotency-key-in-flight',
    ]);
    assert.deepEqual(codesOf('Operator_revokeCard', 409), ['card-status-conflict', 'idempotency-key-in-flight']);
    assert.deepEqual(codesOf('OrderPage_placeFirstOrder', 403), ['person-not-eligible']);
    assert.deepEqual(codesOf('Orders_getOrder', 403), ['insufficient-scope']);
    assert.deepEqual(codesOf('Orders_getOrder', 400), ['validation-failed']);
    assert.deepEqual(codesOf('Orders_rejectOrder', 400), ['malformed-request', 'validation-failed']);
    // Every operation a registry code names exists and declares the code's status, so its examples show it.
    for (const [code, problem] of Object.entries(PROBLEMS)) {
      if (!Array.isArray(problem.arises)) continue;
      for (const id of problem.arises)
        assert.ok(
          codesOf(id, problem.status).includes(code),
          `${code} arises in ${id}: its ${problem.status} names it`,
        );
    }
  });

  it('names the sandbox and production servers', () => {
    const urls = spec.servers.map((s: { url: string }) => s.url);
    assert.ok(urls.some((u: string) => u.includes('sandbox')));
    assert.ok(urls.some((u: string) => u.startsWith('https://api.')));
  });
});

describe('the problem pages (/problems/<code>)', () => {
  it('every code in the registry has a cause and a fix, and its type opens its page: HTML for a browser, JSON otherwise', async () => {
    const { app } = ctx();
    for (const [code, problem] of Object.entries(PROBLEMS)) {
      assert.ok(problem.cause.length > 20 && problem.fix.length > 10, code);
      const json = await request(app).get(`/problems/${code}`).set('Accept', 'application/json').expect(200);
      assert.deepEqual(json.body, { type: `/problems/${code}`, code, ...problem });
      const html = await request(app)
        .get(`/problems/${code}`)
        .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
        .expect(200);
      assert.match(html.headers['content-type'], /^text\/html/);
      assert.ok(html.text.includes('Cause') && html.text.includes('Fix'));
    }
    await request(app).get('/problems/no-such-problem').expect(404);
    const index = await request(app).get('/problems').expect(200);
    assert.equal(index.body.data.length, Object.keys(PROBLEMS).length);
  });

  it("a problem answer's type URI leads to its page", async () => {
    const missing = await (await as('nordlys')).get(`/v1/orders/${randomUUID()}`).expect(404);
    const page = await request(ctx().app).get(missing.body.type).expect(200);
    assert.equal(page.body.code, 'not-found');
    assert.match(page.body.fix, /id/);
  });
});
