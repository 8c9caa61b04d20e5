import assert from 'node:assert/strict';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { errorHandler } from '../src/common/error-handler';
import { requestId } from '../src/common/request-id';
import { ctx } from './support/context';
import { as, pendingOrder } from './support/fixtures';

describe('errors are application/problem+json', () => {
  it('an unknown route is 404 with a Request-Id', async () => {
    const res = await request(ctx().app).get('/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'], /^application\/problem\+json/);
    assert.equal(res.body.type, '/problems/not-found');
    assert.equal(res.body.requestId, res.headers['request-id']);
  });

  it('echoes a safe incoming Request-Id and replaces an unsafe one', async () => {
    const echoed = await request(ctx().app).get('/health').set('Request-Id', 'partner-trace-123456');
    assert.equal(echoed.headers['request-id'], 'partner-trace-123456');
    const replaced = await request(ctx().app).get('/health').set('Request-Id', 'bad id <script>');
    assert.match(replaced.headers['request-id'], /^[0-9a-f-]{36}$/);
  });

  it('malformed JSON is 400 malformed-request', async () => {
    const api = await as('nordlys');
    const list = (await api.get('/v1/orders?status=pending').expect(200)).body.data;
    const res = await api
      .patch(`/v1/orders/${list[0].id}`)
      .set('Content-Type', 'application/json')
      .send('{"company": "x"');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'malformed-request');
  });

  it('a body that is not JSON is 415', async () => {
    const api = await as('nordlys');
    const list = (await api.get('/v1/orders?status=pending').expect(200)).body.data;
    const res = await api.patch(`/v1/orders/${list[0].id}`).set('Content-Type', 'text/plain').send('company=x');
    assert.equal(res.status, 415);
    assert.equal(res.body.code, 'unsupported-media-type');
  });

  const badQueries: Array<[string, string]> = [
    ['/v1/orders?limit=0', 'limit'],
    ['/v1/orders?limit=101', 'limit'],
    ['/v1/orders?limit=abc', 'limit'],
    ['/v1/orders?status=rejected', 'status'],
    ['/v1/orders?kind=old', 'kind'],
    ['/v1/orders?orderedFrom=2026-02-30', 'orderedFrom'],
    ['/v1/orders?orderedFrom=yesterday', 'orderedFrom'],
    ['/v1/orders?orderedFrom=2026-02-01&orderedTo=2026-01-01', 'orderedTo'],
    ['/v1/orders?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['/v1/orders?cardProductId=not-a-uuid', 'cardProductId'],
    ['/v1/orders/not-a-uuid', 'orderId'],
    ['/v1/end-users/123', 'endUserId'],
  ];
  for (const [url, field] of badQueries) {
    it(`GET ${url} is 400 naming ${field}`, async () => {
      const res = await (await as('nordlys')).get(url);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'validation-failed');
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        JSON.stringify(res.body.errors),
      );
    });
  }

  it('an unexpected failure is 500 without internals', async () => {
    const app = express();
    app.use(requestId);
    app.get('/boom', () => {
      throw new Error('relation "secret_table" does not exist at /src/internal.ts:42');
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const res = await request(app).get('/boom');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'internal-error');
    assert.doesNotMatch(res.text, /secret_table|internal\.ts|at /);
    assert.match(res.body.detail, new RegExp(res.headers['request-id']));
  });

  it('serves the spec at /openapi.json and Swagger UI at /docs', async () => {
    const spec = await request(ctx().app).get('/openapi.json').expect(200);
    assert.equal(spec.body.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl, '/oauth/token');
    const docs = await request(ctx().app).get('/docs/').expect(200);
    assert.match(docs.text, /swagger-ui/);
  });

  it('announces rate limits in headers', async () => {
    const res = await (await as('nordlys')).get('/v1/orders?limit=1').expect(200);
    assert.match(res.headers['ratelimit-policy'], /q=100000/);
    assert.match(res.headers.ratelimit, /r=\d+/);
  });

  it('names where an invalid value was: path, query, header or body', async () => {
    const partner = await as('nordlys');
    const path = await partner.get('/v1/orders/not-a-uuid').expect(400);
    assert.deepEqual([path.body.errors[0].in, path.body.errors[0].field], ['path', 'orderId']);
    const query = await partner.get('/v1/orders?limit=0').expect(400);
    assert.deepEqual([query.body.errors[0].in, query.body.errors[0].field], ['query', 'limit']);
    const header = await partner
      .patch(`/v1/orders/${(await pendingOrder('nordlys')).id}`)
      .set('If-Match', 'x'.repeat(101))
      .send({ company: 'A' })
      .expect(400);
    assert.deepEqual([header.body.errors[0].in, header.body.errors[0].field], ['header', 'If-Match']);
    const body = await partner.post('/v1/card-reader-orders').send({ cardProductId: 'x', quantity: 2 }).expect(400);
    assert.deepEqual([body.body.errors[0].in, body.body.errors[0].field], ['body', 'cardProductId']);
  });
});
