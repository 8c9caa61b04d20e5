import assert from 'node:assert/strict';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  ConflictError,
  EndUserClient,
  InternalServerError,
  PartnerwebClient,
  PartnerwebError,
  RateLimitError,
  UnprocessableEntityError,
  VERSION,
} from '@partnerweb/sdk';
import fs from 'node:fs';
import path from 'node:path';
import { problem, ScriptedServer, type SeenRequest } from './support/scripted-server';
import { freePort } from './support/test-database';

const root = path.join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const token = { status: 200, body: { access_token: 'scripted-token', token_type: 'Bearer', expires_in: 900 } };
const isToken = (r: SeenRequest) => r.url === '/oauth/token';

/** The SDK's transport against a scripted HTTP server: timeouts, retries and their waits, idempotency keys, errors. */
describe('the SDK transport', function () {
  this.timeout(30_000);
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await new ScriptedServer().start();
  });
  afterEach(() => server.stop());

  const partnerweb = (options: { timeout?: number; maxRetries?: number } = {}) =>
    new PartnerwebClient({ baseUrl: server.baseUrl, clientId: 'scripted', clientSecret: 'secret', ...options });
  const calls = () => server.seen.filter((r) => !isToken(r));

  it('ends a call the server never answers with APIConnectionTimeoutError at the set time', async () => {
    server.answer = (r) => (isToken(r) ? token : { status: 200, body: {} });
    const client = partnerweb({ timeout: 400 });
    await client.partner.get(); // the token first, so that only the hanging call is timed
    server.answer = () => 'hang';
    const started = Date.now();
    await assert.rejects(client.partner.get({ maxRetries: 0 }), APIConnectionTimeoutError);
    const took = Date.now() - started;
    assert.ok(took >= 390 && took < 1_000, `timed out after ${took} ms`);
  });

  it('a per-call timeout overrides the client default, and a timed-out GET is retried', async () => {
    server.answer = (r, i) => (isToken(r) ? token : i === 1 ? 'hang' : { status: 200, body: { id: 'p' } });
    const started = Date.now();
    const profile = await partnerweb({ timeout: 60_000 }).partner.get({ timeout: 300, maxRetries: 1 });
    assert.deepEqual(profile, { id: 'p' });
    assert.equal(calls().length, 2);
    assert.ok(Date.now() - started >= 300);
  });

  it('a call aborted through its signal throws APIUserAbortError', async () => {
    server.answer = (r) => (isToken(r) ? token : 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await assert.rejects(partnerweb().partner.get({ signal: controller.signal }), APIUserAbortError);
    assert.ok(Date.now() - started < 1_000);
  });

  it('waits as Retry-After says, in seconds and as an HTTP date, then succeeds', async () => {
    let dateAskedFor = 0;
    server.answer = (r, i) => {
      if (isToken(r)) return token;
      if (i === 1) return { ...problem(429, 'rate-limited'), headers: { 'Retry-After': '1' } };
      if (i === 2) {
        dateAskedFor = Math.ceil((Date.now() + 1_500) / 1000) * 1000; // an HTTP date has whole seconds
        return { ...problem(503, 'internal-error'), headers: { 'Retry-After': new Date(dateAskedFor).toUTCString() } };
      }
      return { status: 200, body: { id: 'p' } };
    };
    await partnerweb().partner.get();
    const [afterSeconds, afterDate] = calls()
      .slice(1)
      .map((r, i) => r.at - calls()[i].at);
    assert.ok(afterSeconds >= 1_000 && afterSeconds < 1_400, `Retry-After: 1 waited ${afterSeconds} ms`);
    const third = calls()[2].at;
    assert.ok(
      third >= dateAskedFor - 5 && third - dateAskedFor < 400,
      `Retry-After as a date: arrived ${third - dateAskedFor} ms after it`,
    );
    assert.ok(afterDate >= 1_000);
  });

  it('backs off with full jitter: each wait below 0.5 s · 2ⁿ, and the waits differ', async () => {
    // Six calls at once, each answered 503 the first time: six waits drawn from [0, 500) ms.
    const firsts = new Map<string, number>();
    const waits: number[] = [];
    server.answer = (r) => {
      if (isToken(r)) return token;
      const call = r.url;
      const first = firsts.get(call);
      if (first === undefined) {
        firsts.set(call, r.at);
        return problem(503, 'internal-error');
      }
      waits.push(r.at - first);
      return { status: 200, body: { id: call } };
    };
    const client = partnerweb();
    await client.partner.get();
    firsts.clear();
    waits.length = 0;
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => client.endUsers.get(`00000000-0000-4000-8000-00000000000${n}`)));
    assert.equal(waits.length, 6);
    for (const wait of waits) assert.ok(wait < 500 + 100, `waited ${wait} ms`);
    assert.ok(Math.max(...waits) - Math.min(...waits) > 30, `waits ${waits.join(', ')} ms are not jittered`);

    // One call failing again and again: the ceilings grow 0.5, 1, 2 s.
    const before = server.seen.length;
    server.answer = (r, i) =>
      isToken(r) ? token : i - before < 3 ? problem(502, 'internal-error') : { status: 200, body: {} };
    await client.partner.get({ maxRetries: 3 });
    assert.equal(server.seen.length - before, 4);
    const gaps = server.seen
      .slice(before)
      .map((r, i, all) => (i ? r.at - all[i - 1].at : 0))
      .slice(1);
    gaps.forEach((gap, n) => assert.ok(gap < 500 * 2 ** n + 100, `retry ${n + 1} waited ${gap} ms`));
  });

  it('does not wait for a Retry-After beyond a minute: RateLimitError with retryAfter', async () => {
    server.answer = (r) =>
      isToken(r)
        ? token
        : { ...problem(429, 'rate-limited'), headers: { 'Retry-After': '120', 'Request-Id': 'req-429' } };
    const error = await partnerweb()
      .partner.get()
      .catch((e) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfter, 120);
    assert.equal(error.requestId, 'req-429');
    assert.equal(calls().length, 1);
  });

  it('sends an Idempotency-Key on every POST, the same on each retry', async () => {
    server.answer = (r) => {
      if (isToken(r)) return token;
      // Every POST fails once, then succeeds: each is sent twice.
      const tries = server.seen.filter((s) => s.method === r.method && s.url === r.url).length;
      return tries === 1 && r.method === 'POST'
        ? problem(503, 'internal-error')
        : { status: 200, body: { eventId: 'msg_1', data: [], clientSecret: 's' } };
    };
    const id = '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11';
    const client = partnerweb();
    const me = new EndUserClient({ baseUrl: server.baseUrl, token: 'eid-token' });
    await client.orders.approve(id);
    await client.orders.reject(id, { reason: 'not_affiliated', message: 'Nei' });
    await client.cardReaderOrders.create({ cardProductId: id, quantity: 1 });
    await client.powersOfAttorney.upload(new TextEncoder().encode('%PDF-1.5\n%%EOF\n'), 'fullmakt.pdf');
    await client.webhooks.endpoints.create({ url: 'https://example.no/hooks', eventTypes: ['order.created'] });
    await client.webhooks.endpoints.rotateSecret(id);
    await client.webhooks.endpoints.sendTestEvent(id);
    await client.apiClients.create({ name: 'scripted' });
    await client.apiClients.addKeys(id, []);
    await client.apiClients.replaceSecret(id);
    await client.roster.createScimToken({ name: 'Entra ID provisioning' });
    await client.roster.revokeCard(id, 'Sluttet 31. oktober');
    await me.orderPages.placeFirstOrder('nordlys-ansatt', {
      email: 'a@example.no',
      company: 'A',
      delivery: { choice: 'registered' },
    });
    await me.me.placeFollowUpOrder({
      cardId: id,
      kind: 'renewal',
      email: 'a@example.no',
      company: 'A',
      delivery: { choice: 'registered' },
    } as never);

    const posts = server.seen.filter((r) => r.method === 'POST');
    const byPath = new Map<string, string[]>();
    for (const post of posts)
      byPath.set(post.url, [...(byPath.get(post.url) ?? []), String(post.headers['idempotency-key'] ?? '')]);
    for (const [url, keys] of byPath) {
      assert.equal(keys.length, url === '/oauth/token' ? 1 : 2, `${url} sent ${keys.length} times`);
      assert.match(keys[0], /^[0-9a-f-]{36}$/, `${url} had no Idempotency-Key`);
      if (keys.length > 1) assert.equal(keys[1], keys[0], `${url} changed its key on the retry`);
    }
    // Every POST of the partner and end-user API (the spec's, the token request's) is one the SDK sends.
    const spec = readJson('openapi/openapi.json') as { paths: Record<string, Record<string, unknown>> };
    const specPosts = Object.entries(spec.paths)
      .filter(([p, ops]) => 'post' in ops && !p.startsWith('/v1/operator/'))
      .map(([p]) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`));
    for (const pattern of specPosts)
      assert.ok(
        [...byPath.keys()].some((url) => pattern.test(url)),
        `no SDK method sends POST ${pattern}`,
      );
    assert.ok(byPath.has('/oauth/token'));
    // Keys differ between calls: one per intended change.
    assert.equal(new Set([...byPath.values()].map((k) => k[0])).size, byPath.size);
  });

  it('retries only what is safe: not a PATCH without If-Match, not a 409 other than idempotency-key-in-flight', async () => {
    server.answer = (r) => (isToken(r) ? token : problem(503, 'internal-error'));
    const client = partnerweb();
    await assert.rejects(client.orders.updateCompany('3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11', 'X'), InternalServerError);
    assert.equal(calls().length, 1);
    await assert.rejects(
      client.orders.updateCompany('3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11', 'X', { ifMatch: '"1"', maxRetries: 1 }),
      InternalServerError,
    );
    assert.equal(calls().length, 3);

    server.seen.length = 0;
    server.answer = (r, i) =>
      isToken(r) ? token : i === 0 ? problem(409, 'order-not-pending') : { status: 200, body: {} };
    await assert.rejects(client.orders.approve('3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11'), ConflictError);
    assert.equal(calls().length, 1);

    server.seen.length = 0;
    server.answer = (r, i) =>
      isToken(r)
        ? token
        : i === 0
          ? { ...problem(409, 'idempotency-key-in-flight'), headers: { 'Retry-After': '0' } }
          : { status: 200, body: { id: 'o' } };
    assert.equal((await client.orders.approve('3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11')).id, 'o');
    assert.equal(calls().length, 2);
  });

  it('retries the token request like any call, and renews a token the API refuses', async () => {
    let tokens = 0;
    server.answer = (r) => {
      if (isToken(r)) {
        tokens++;
        return tokens === 1
          ? problem(503, 'internal-error')
          : { status: 200, body: { access_token: `token-${tokens}`, expires_in: 900 } };
      }
      // The first token is refused once (revoked early): the SDK gets a new one and tries again.
      return r.headers.authorization === 'Bearer token-2'
        ? problem(401, 'unauthenticated')
        : { status: 200, body: { id: 'p' } };
    };
    assert.deepEqual(await partnerweb().partner.get(), { id: 'p' });
    const tokenRequests = server.seen.filter(isToken);
    assert.equal(tokenRequests.length, 3);
    assert.equal(tokenRequests[1].headers['idempotency-key'], tokenRequests[0].headers['idempotency-key']);
    assert.match(String(tokenRequests[0].headers.authorization), /^Basic /);
    assert.deepEqual(
      calls().map((r) => r.headers.authorization),
      ['Bearer token-2', 'Bearer token-3'],
    );
  });

  it('names itself in User-Agent on every request, and sends the per-call headers', async () => {
    server.answer = (r) => (isToken(r) ? token : { status: 200, body: {} });
    await partnerweb().partner.get({ headers: { 'X-Trace': 'abc' } });
    for (const r of server.seen) assert.equal(r.headers['user-agent'], `partnerweb-sdk/${VERSION}`);
    assert.equal(calls()[0].headers['x-trace'], 'abc');
    assert.equal(VERSION, readJson('sdk/package.json').version);
  });

  it('raises the error class of each status, with status, code, requestId and the problem', async () => {
    const invalid = [{ in: 'query', field: 'limit', message: 'must be 1 to 100' }];
    const cases: [number, string, abstract new (...args: never[]) => PartnerwebError, Record<string, unknown>?][] = [
      [400, 'validation-failed', BadRequestError, { errors: invalid }],
      [422, 'idempotency-key-reused', UnprocessableEntityError],
      [429, 'rate-limited', RateLimitError],
      [500, 'internal-error', InternalServerError],
      [503, 'internal-error', InternalServerError],
    ];
    for (const [status, code, Kind, extra] of cases) {
      server.answer = (r) => (isToken(r) ? token : problem(status, code, extra));
      const error = await partnerweb({ maxRetries: 0 })
        .partner.get()
        .catch((e) => e);
      assert.ok(error instanceof Kind, `${status} gave ${error?.name}`);
      assert.deepEqual(
        [error.status, error.code, error.requestId, error.problem?.code],
        [status, code, `req-${code}`, code],
      );
      if (error instanceof BadRequestError) assert.deepEqual(error.invalidFields, invalid);
    }
    // A proxy's HTML error page: still the class of its status, without a problem.
    server.answer = (r) =>
      isToken(r) ? token : { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>Bad gateway</html>' };
    const gateway = await partnerweb({ maxRetries: 0 })
      .partner.get()
      .catch((e) => e);
    assert.ok(gateway instanceof InternalServerError);
    assert.equal(gateway.problem, undefined);
  });

  it('raises APIConnectionError when nothing listens, after retrying', async () => {
    const port = await freePort();
    const client = new EndUserClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', maxRetries: 1 });
    const error = await client.me.get().catch((e) => e);
    assert.ok(error instanceof APIConnectionError);
    assert.ok(!(error instanceof APIConnectionTimeoutError));
    assert.equal(error.status, undefined);
  });
});
