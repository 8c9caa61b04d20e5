import assert from 'node:assert/strict';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { DEMO_CLIENTS } from '../src/demo/demo-data';
import { errorHandler, notFoundHandler } from '../src/common/error-handler';
import { requestId } from '../src/common/request-id';
import { ctx } from './support/context';
import { as, endUserWithActiveCard } from './support/fixtures';

/** A problem+json 4xx that names `field` (when given): what every hostile input below must get. */
function assertProblem(res: request.Response, status: number, field?: string): void {
  assert.equal(res.status, status, `${res.status} ${res.text.slice(0, 300)}`);
  assert.match(res.headers['content-type'], /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.doesNotMatch(res.text, /<html|at [\w.]+ \(|\/src\/|node_modules/i);
  if (field)
    assert.ok(
      res.body.errors?.some((e: { field: string }) => e.field === field),
      `no error names ${field}: ${res.text}`,
    );
}

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('hostile input answers 4xx problem+json, never 500 (issue 10 part 1)', () => {
  describe('undecodable percent-encoding in a path parameter', () => {
    for (const bad of ['%E0%A4%A', '%ED%A0%80', '%', '%zz']) {
      it(`GET /v1/orders/${bad} is 400 naming orderId`, async () => {
        assertProblem(await (await as('nordlys')).get(`/v1/orders/${bad}`), 400, 'orderId');
      });
    }
    it('on the public order page too, naming code', async () => {
      assertProblem(await request(ctx().app).get('/v1/order-pages/%E0%A4%A'), 400, 'code');
    });
    it('on a nested path, naming the parameter', async () => {
      assertProblem(await (await as('nordlys')).get('/v1/invoices/%ED%A0%80/lines'), 400, 'invoiceId');
    });
  });

  describe('a lone UTF-16 surrogate in a JSON string', () => {
    it("in the end user's e-mail", async () => {
      const { endUser } = await endUserWithActiveCard();
      const res = await endUser
        .patch('/v1/me')
        .set('Content-Type', 'application/json')
        .send('{"email": "a\\ud800@example.no"}');
      assertProblem(res, 400, 'email');
    });
    it("in the partner's settings", async () => {
      const res = await (
        await as('nordlys')
      )
        .patch('/v1/partner')
        .set('Content-Type', 'application/json')
        .send('{"notificationEmail": "x\\udfff@example.no"}');
      assertProblem(res, 400, 'notificationEmail');
    });
    it('in webhook event types (where the error handler itself threw)', async () => {
      const res = await (
        await as('nordlys')
      )
        .post('/v1/webhook-endpoints')
        .set('Content-Type', 'application/json')
        .send('{"url": "https://example.com/hook", "eventTypes": ["order.created\\ud800"]}');
      assertProblem(res, 400, 'eventTypes.$0');
    });
    it('in an object key', async () => {
      const res = await (
        await as('nordlys')
      )
        .patch('/v1/partner')
        .set('Content-Type', 'application/json')
        .send('{"\\ud800": 1}');
      assertProblem(res, 400);
    });
  });

  describe('a deeply nested JSON body (the fuzz test found one that overflowed the stack: 500)', () => {
    it('is 400 naming where it gets too deep, on an idempotent POST', async () => {
      const deep = `{"url": "https://example.com/hook", "deep": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
      const res = await (
        await as('nordlys')
      )
        .post('/v1/webhook-endpoints')
        .set('Content-Type', 'application/json')
        .set('Idempotency-Key', `deep-${Date.now()}`)
        .send(deep);
      assertProblem(res, 400);
      assert.match(res.body.errors[0].field, /^deep(\.\$0)+$/);
      assert.match(res.body.errors[0].message, /deeper than 32 levels/);
    });
  });

  describe('a NUL character', () => {
    it('in a search term', async () => {
      assertProblem(await (await as('nordlys')).get('/v1/end-users?q=%00'), 400, 'q');
    });
    it('in a JSON string', async () => {
      const res = await (
        await as('nordlys')
      )
        .patch('/v1/partner')
        .set('Content-Type', 'application/json')
        .send('{"notificationEmail": "a\\u0000@example.no"}');
      assertProblem(res, 400, 'notificationEmail');
    });
    it('in a client id (401 on the token endpoint)', async () => {
      const res = await request(ctx().app)
        .post('/oauth/token')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: 'a\u0000b', client_secret: 'x' });
      assertProblem(res, 401);
    });
    it("in an uploaded file's name, raw", async () => {
      const res = await (
        await as('nordlys', 'powers-of-attorney:manage')
      )
        .post('/v1/powers-of-attorney')
        .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), {
          filename: 'full\u0000makt.pdf',
          contentType: 'application/pdf',
        });
      assertProblem(res, 400);
    });
    it("in an uploaded file's name, percent-encoded (RFC 5987)", async () => {
      const body = [
        '--XyZ',
        `Content-Disposition: form-data; name="file"; filename*=utf-8''full%00makt.pdf`,
        'Content-Type: application/pdf',
        '',
        '%PDF-1.4\n%%EOF',
        '--XyZ--',
        '',
      ].join('\r\n');
      const res = await (
        await as('nordlys', 'powers-of-attorney:manage')
      )
        .post('/v1/powers-of-attorney')
        .set('Content-Type', 'multipart/form-data; boundary=XyZ')
        .send(body);
      assertProblem(res, 400, 'file');
    });
  });

  describe('a forged cursor', () => {
    const forged: Array<[string, string]> = [
      ['an out-of-range date', base64(['-271821-04-20T00:00:00.000Z', '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11'])],
      ['a year past 9999', base64(['+275760-09-13T00:00:00.000Z', '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11'])],
      ['a malformed id', base64(['2026-01-01T00:00:00.000Z', '------------------------------------'])],
      ['a number for a date', base64([1e20, '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11'])],
      ['not an array', base64({ at: 1 })],
      ['null', base64(null)],
    ];
    const lists = [
      '/v1/orders',
      '/v1/end-users',
      '/v1/invoices',
      '/v1/powers-of-attorney',
      '/v1/card-reader-orders',
      '/v1/reports/orders',
      '/v1/reports/approved-orders',
      '/v1/reports/expiring-cards',
      '/v1/reports/end-users',
    ];
    for (const [what, cursor] of forged) {
      it(`with ${what} is 400 naming cursor on every list and report`, async () => {
        const api = await as(
          'nordlys',
          'orders:read end-users:read invoices:read webhooks:manage powers-of-attorney:manage card-readers:order reports:read',
        );
        for (const list of lists) assertProblem(await api.get(`${list}?cursor=${cursor}`), 400, 'cursor');
      });
    }
  });

  describe('a malformed multipart body', () => {
    const bodies: Array<[string, string]> = [
      [
        'cut off',
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF',
      ],
      ['a broken part header', '--XyZ\r\nContent-Disposition\r\n\r\nx\r\n--XyZ--\r\n'],
      ['no parts', 'garbage'],
    ];
    for (const [what, body] of bodies) {
      it(`${what} is 400`, async () => {
        const res = await (
          await as('nordlys', 'powers-of-attorney:manage')
        )
          .post('/v1/powers-of-attorney')
          .set('Content-Type', 'multipart/form-data; boundary=XyZ')
          .send(body);
        assertProblem(res, 400);
      });
    }
    it('without a boundary is 400', async () => {
      const res = await (
        await as('nordlys', 'powers-of-attorney:manage')
      )
        .post('/v1/powers-of-attorney')
        .set('Content-Type', 'multipart/form-data')
        .send('x');
      assertProblem(res, 400);
    });
  });

  describe('HTTP Basic credentials on /oauth/token', () => {
    const client = DEMO_CLIENTS[0];
    for (const [what, credentials] of [
      ['an undecodable percent-encoding in the id', `${client.clientId}%E0%A4%A:${client.secret}`],
      ['an undecodable percent-encoding in the secret', `${client.clientId}:%ED%A0%80`],
      ['a NUL', `a%00b:secret`],
    ] as const) {
      it(`with ${what} is 401 invalid-client`, async () => {
        const res = await request(ctx().app)
          .post('/oauth/token')
          .set('Authorization', `Basic ${Buffer.from(credentials).toString('base64')}`)
          .type('form')
          .send({ grant_type: 'client_credentials' });
        assertProblem(res, 401);
        assert.equal(res.body.code, 'invalid-client');
      });
    }
  });

  describe('the error handler', () => {
    function appThrowing(error: unknown, headers?: Record<string, string>) {
      const app = express();
      app.use(requestId);
      app.get('/boom', () => {
        if (headers) Object.assign(error as object, { headers });
        throw error;
      });
      app.use(notFoundHandler);
      app.use(errorHandler(pino({ level: 'silent' })));
      return app;
    }
    const odd: Array<[string, unknown]> = [
      ['a lone surrogate in a message', Object.assign(new Error('bad \ud800 value'), { status: 400, expose: true })],
      ['a thrown string', 'just a string'],
      ['null', null],
      [
        'an object whose message getter throws',
        Object.defineProperty({}, 'message', {
          get: () => {
            throw new Error('gotcha');
          },
        }),
      ],
      [
        'a status getter that throws',
        Object.defineProperty(new Error('x'), 'status', {
          get: () => {
            throw new Error('gotcha');
          },
        }),
      ],
    ];
    for (const [what, error] of odd) {
      it(`survives ${what}: problem+json, no stack`, async () => {
        const res = await request(appThrowing(error)).get('/boom');
        assert.ok(res.status >= 400 && res.status <= 599);
        assert.match(res.headers['content-type'], /^application\/problem\+json/);
        assert.doesNotMatch(res.text, /<html|at [\w.]+ \(|gotcha/);
        JSON.parse(res.text);
      });
    }
  });
});
