import assert from 'node:assert/strict';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
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
});
