import assert from 'node:assert/strict';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { writeJsonDirectly } from '../src/common/json-answer';
import { securityHeaderOptions, securityHeaders } from '../src/common/security-headers';
import { ctx } from './support/context';
import { as } from './support/fixtures';

/** The headers helmet itself writes for `options`, from an app that runs helmet on every request. */
async function helmetHeaders(isProduction: boolean): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet(securityHeaderOptions(isProduction)));
  app.get('/', (_req, res) => res.json({}));
  const { headers } = await request(app).get('/');
  const names = Object.keys(headers).filter(
    (name) => !['content-type', 'content-length', 'etag', 'date', 'connection', 'keep-alive'].includes(name),
  );
  return Object.fromEntries(names.map((name) => [name, String(headers[name])]));
}

describe('the HTTP layers in front of the routes', () => {
  describe('security headers (helmet, worked out once at start)', () => {
    it('every answer carries exactly what helmet writes: API answers, the docs page and errors', async () => {
      const expected = await helmetHeaders(false);
      // What helmet's defaults are known to include, so that an empty recording cannot pass.
      assert.equal(expected['x-content-type-options'], 'nosniff');
      assert.match(expected['content-security-policy'], /default-src 'self'/);
      assert.doesNotMatch(expected['content-security-policy'], /upgrade-insecure-requests/);
      assert.equal(expected['strict-transport-security'], undefined);
      const api = await as('nordlys');
      for (const res of [
        await api.get('/v1/orders?limit=1').expect(200),
        await request(ctx().app).get('/docs/').expect(200),
        await request(ctx().app).get('/v1/nothing-here').expect(404),
        await request(ctx().app).get('/health').expect(200),
      ]) {
        for (const [name, value] of Object.entries(expected)) assert.equal(res.headers[name], value, name);
        assert.equal(res.headers['x-powered-by'], undefined);
      }
    });

    it('in production helmet adds HSTS, and so does the recording', async () => {
      const expected = await helmetHeaders(true);
      assert.match(expected['strict-transport-security'], /max-age=\d+/);
      const app = express();
      app.use(securityHeaders(securityHeaderOptions(true)));
      app.get('/', (_req, res) => res.json({}));
      const res = await request(app).get('/').expect(200);
      for (const [name, value] of Object.entries(expected)) assert.equal(res.headers[name], value, name);
    });
  });

  describe('routes found by resource', () => {
    it('matches paths as Express does: any letter case, a trailing slash; an unknown resource or method is 404', async () => {
      const api = await as('nordlys');
      const expected = (await api.get('/v1/orders?limit=3').expect(200)).body;
      assert.deepEqual((await api.get('/v1/ORDERS?limit=3').expect(200)).body, expected);
      assert.deepEqual((await api.get('/v1/orders/?limit=3').expect(200)).body, expected);
      assert.equal((await api.get('/v1/no-such-resource').expect(404)).body.code, 'not-found');
      assert.equal((await api.delete('/v1/orders').expect(404)).body.code, 'not-found');
      assert.equal((await api.get('/v1/').expect(404)).body.code, 'not-found');
    });

    it('tells resources apart that share a prefix (/v1/me, /v1/me/cards; /v1/reports/…)', async () => {
      const api = await as('nordlys');
      assert.equal(
        (await api.get('/v1/reports/orders').expect(200)).headers['content-type'].split(';')[0],
        'application/json',
      );
      // /v1/me is the end user's: a partner token is refused there, not routed elsewhere.
      assert.equal((await api.get('/v1/me').expect(401)).body.status, 401);
    });
  });

  describe('the query string, parsed once', () => {
    it('reads the same values as before and still refuses a repeated parameter by name', async () => {
      const api = await as('nordlys');
      const two = (await api.get('/v1/orders?limit=2').expect(200)).body;
      assert.ok(two.data.length <= 2);
      const res = await api.get('/v1/orders?limit=2&limit=3').expect(400);
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === 'limit'),
        JSON.stringify(res.body),
      );
    });
  });

  describe('JSON answers written directly', () => {
    /**
     * The same handler in a plain Express app and in one with writeJsonDirectly: what each answers, and how often
     * the second called Express's res.send (0 when it wrote the answer itself).
     */
    async function bothAnswers(
      handler: express.RequestHandler,
      send: (app: express.Express) => request.Test,
      etag: boolean,
    ): Promise<{ expressAnswer: request.Response; ours: request.Response; sendCalls: number }> {
      const apps = [express(), express()];
      let sendCalls = 0;
      const expressSend = apps[1].response.send;
      apps[1].response.send = function (this: express.Response, body?: unknown) {
        sendCalls++;
        return expressSend.call(this, body);
      } as typeof expressSend;
      writeJsonDirectly(apps[1]);
      const [expressAnswer, ours] = await Promise.all(
        apps.map((app) => {
          app.set('etag', etag);
          app.all('/', handler);
          return send(app)
            .buffer(true)
            .parse((res, done) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => done(null, Buffer.concat(chunks)));
            });
        }),
      );
      return { expressAnswer, ours, sendCalls };
    }
    const page = { data: Array.from({ length: 40 }, (_, i) => ({ id: i, name: 'Åse Løvås 😀', at: new Date(i) })) };
    const get = (app: express.Express) => request(app).get('/');
    // name, handler, request, written directly (not through res.send), the app makes ETags
    const cases: [string, express.RequestHandler, (app: express.Express) => request.Test, boolean, boolean?][] = [
      ['a page of 40 rows with letters outside ASCII', (_req, res) => res.json(page), get, true],
      [
        'a small body with a status',
        (_req, res) => res.status(201).json({ ok: true }),
        (app) => request(app).post('/'),
        true,
      ],
      ['a string', (_req, res) => res.json('Løvås'), get, true],
      ['null', (_req, res) => res.json(null), get, true],
      ['HEAD', (_req, res) => res.json(page), (app) => request(app).head('/'), false],
      [
        'a conditional request that its ETag answers',
        (_req, res) => res.set('ETag', '"v1"').json(page),
        (app) => request(app).get('/').set('If-None-Match', '"v1"'),
        false,
      ],
      ['205 Reset Content', (_req, res) => res.status(205).json({ ok: true }), get, false],
      ['an app that makes ETags', (_req, res) => res.json(page), get, false, true],
      ['its own media type', (_req, res) => res.type('application/problem+json').json({ title: 'Løvås' }), get, false],
      [
        'a layer that wraps res.send to keep the body (as idempotency does)',
        (_req, res) => {
          const send = res.send.bind(res);
          res.send = ((body: unknown) => send(typeof body === 'string' ? `{"kept":${body}}` : body)) as typeof res.send;
          res.json(page);
        },
        get,
        false,
      ],
    ];
    for (const [name, handler, send, direct, etag] of cases)
      it(`answers as Express's res.json does: ${name}${direct ? '' : ' (left to Express)'}`, async () => {
        const { expressAnswer, ours, sendCalls } = await bothAnswers(handler, send, etag ?? false);
        assert.equal(ours.status, expressAnswer.status);
        const headers = (res: request.Response) => {
          const { date: _date, ...rest } = res.headers;
          return rest;
        };
        assert.deepEqual(headers(ours), headers(expressAnswer));
        assert.deepEqual(ours.body, expressAnswer.body);
        if (ours.status !== 304 && ours.status !== 205 && name !== 'HEAD')
          assert.equal(ours.body.length, Number(ours.headers['content-length']), 'the whole body came');
        assert.equal(sendCalls === 0, direct, `res.send called ${sendCalls} times`);
      });

    it("the API's answers: the whole UTF-8 body, its length in bytes", async () => {
      assert.notEqual(ctx().app.response.json, express.response.json, 'the API writes its JSON directly');
      const api = await as('nordlys');
      const res = await api.get('/v1/orders?limit=5').expect(200);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.text));
      assert.ok(Array.isArray(res.body.data));
    });
  });
});
