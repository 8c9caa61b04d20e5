import assert from 'node:assert/strict';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import express from 'express';
import { createAppServer, listenApp } from '../../src/common/app-server';

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** The prototypes each request and response had when the server made them, before Express saw them. */
async function prototypesAsMade(server: Server, path: string) {
  const seen: { request?: object | null; response?: object | null } = {};
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.request = Object.getPrototypeOf(req) as object | null;
    seen.response = Object.getPrototypeOf(res) as object | null;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${portOf(server)}${path}`, { headers: { 'X-Caller': 'test' } });
    return { seen, status: answer.status, body: await answer.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function app(): express.Express {
  const made = express();
  // An addition of the app's own to the response prototype, as writeJsonDirectly makes to res.json.
  (made.response as express.Response & { answered?: string }).answered = 'by the app';
  made.get('/echo', (req, res) => {
    const { answered } = res as express.Response & { answered?: string };
    res.json({ caller: req.get('X-Caller'), query: req.query, path: req.path, answered, app: req.app === made });
  });
  return made;
}

v8.setFlagsFromString('--allow-natives-syntax');
/** V8's own answer: do two objects have the same hidden class (map)? */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a V8 intrinsic can only be reached from source text
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many hidden classes the requests and the responses of 20 requests had. */
async function shapesOf(server: Server): Promise<{ requests: number; responses: number }> {
  const made: { req: object; res: object }[] = [];
  server.prependListener('request', (req: object, res: object) => made.push({ req, res }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    for (let i = 0; i < 20; i++) await (await fetch(`http://127.0.0.1:${portOf(server)}/echo`)).text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  const distinct = (objects: object[]) =>
    objects.reduce<object[]>((shapes, o) => (shapes.some((s) => haveSameMap(s, o)) ? shapes : [...shapes, o]), [])
      .length;
  return { requests: distinct(made.map((m) => m.req)), responses: distinct(made.map((m) => m.res)) };
}

describe('createAppServer: requests and responses made with the app’s prototypes', () => {
  it('makes each request and response with the app’s prototypes, which Express then leaves as they are', async () => {
    const express5 = app();
    const server = createAppServer(express5);
    const { seen, status, body } = await prototypesAsMade(server, '/echo?a=1');
    assert.equal(seen.request, express5.request);
    assert.equal(seen.response, express5.response);
    assert.ok(seen.request instanceof http.IncomingMessage && seen.response instanceof http.ServerResponse);
    // Express's request and response methods, req.app and the app's own addition work on them as before.
    assert.equal(status, 200);
    assert.deepEqual(body, { caller: 'test', query: { a: '1' }, path: '/echo', answered: 'by the app', app: true });
  });

  it('gives a second server of the same app the same classes', async () => {
    const express5 = app();
    createAppServer(express5);
    const first = { request: express5.request, response: express5.response };
    const { seen, body } = await prototypesAsMade(createAppServer(express5), '/echo');
    assert.equal(seen.request, first.request);
    assert.equal(seen.response, first.response);
    assert.deepEqual(body, { caller: 'test', query: {}, path: '/echo', answered: 'by the app', app: true });
  });

  it('leaves the app working on a plain server too (supertest makes one)', async () => {
    const express5 = app();
    createAppServer(express5);
    const { status, body } = await prototypesAsMade(http.createServer(express5), '/echo');
    assert.equal(status, 200);
    assert.deepEqual(body, { caller: 'test', query: {}, path: '/echo', answered: 'by the app', app: true });
  });

  it('differs from a plain server, where Express changes each prototype as the request comes in', async () => {
    const express5 = app();
    const { seen, status } = await prototypesAsMade(http.createServer(express5), '/echo');
    assert.equal(status, 200);
    assert.equal(seen.request, http.IncomingMessage.prototype);
    assert.equal(seen.response, http.ServerResponse.prototype);
  });

  // On a plain server, Node 20 and 22 (V8 11 and 12) gave each request and response a hidden class of its own;
  // Node 24 reuses one. This test fails on Node 20 and 22 when the requests are not made by the app's classes.
  it('gives every request and every response one hidden class', async () => {
    assert.deepEqual(await shapesOf(createAppServer(app())), { requests: 1, responses: 1 });
  });

  it('listenApp reports a port in use to its callback, as app.listen does', async () => {
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const errors: (NodeJS.ErrnoException | undefined)[] = [];
      let server!: Server;
      await new Promise<void>((resolve) => {
        server = listenApp(app(), portOf(taken), '127.0.0.1', (error) => {
          errors.push(error);
          resolve();
        });
      });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(errors.length, 1);
      assert.equal(errors[0]?.code, 'EADDRINUSE');
      assert.equal(server.listening, false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('listenApp calls back without an error once it listens, and not again for a later server error', async () => {
    const errors: (Error | undefined)[] = [];
    const server = await new Promise<Server>((resolve) => {
      const listening = listenApp(app(), 0, '127.0.0.1', (error) => {
        errors.push(error);
        resolve(listening);
      });
    });
    try {
      assert.deepEqual(errors, [undefined]);
      assert.equal((await fetch(`http://127.0.0.1:${portOf(server)}/echo`)).status, 200);
      // As with app.listen, the callback hears of the start only: a later error is not a failure to start.
      server.emit('error', new Error('a later error'));
      assert.deepEqual(errors, [undefined]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
