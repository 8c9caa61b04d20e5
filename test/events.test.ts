import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { testEnvironment } from './hooks';
import { ctx } from './support/context';
import { as, asOperator, DemoPartner, partnerId, pendingOrder, tokenFor } from './support/fixtures';
import { schemaErrors } from './support/spec-schemas';
import { freePort } from './support/test-database';

interface FeedEvent {
  id: string;
  type: string;
  timestamp: string;
  data: { orderId?: string; cardId?: string; [key: string]: unknown };
}

/** Reads the feed to its end: the cursor after the last event there now (events of earlier tests are passed over). */
async function tail(partner: DemoPartner): Promise<string> {
  const client = await as(partner);
  let cursor = '';
  for (;;) {
    const page = (await client.get(`/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body;
    cursor = page.nextCursor;
    if (!page.hasMore) return cursor;
  }
}

/** Every event after `cursor`, page by page (`limit` each), until the feed holds no more. */
async function readAll(
  partner: DemoPartner,
  cursor: string,
  query = '',
  limit = 100,
): Promise<{ events: FeedEvent[]; cursor: string; pages: number }> {
  const client = await as(partner);
  const events: FeedEvent[] = [];
  let pages = 0;
  for (;;) {
    const page = (await client.get(`/v1/events?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}${query}`).expect(200))
      .body;
    events.push(...page.data);
    cursor = page.nextCursor;
    pages++;
    if (!page.hasMore) return { events, cursor, pages };
  }
}

const about = (orderId: string) => (e: FeedEvent) => e.data.orderId === orderId;

describe('the events feed (GET /v1/events)', function () {
  this.timeout(60_000);

  it('lists the webhook events in the order they happened, paged, with the same payload as a webhook', async () => {
    const start = await tail('nordlys');
    const nordlys = await as('nordlys');
    const first = await pendingOrder('nordlys', { company: 'Først AS – Ærøy' });
    const second = await pendingOrder('nordlys', { company: 'Andre AS' });
    await nordlys.post(`/v1/orders/${first.id}/approve`).expect(200);
    await nordlys
      .post(`/v1/orders/${second.id}/reject`)
      .send({ reason: 'not_affiliated', message: 'Ikke ansatt hos oss.' })
      .expect(200);

    const { events, pages } = await readAll('nordlys', start, '', 1);
    const ours = events.filter((e) => e.data.orderId === first.id || e.data.orderId === second.id);
    assert.deepEqual(
      ours.map((e) => `${e.type} ${e.data.orderId === first.id ? 'first' : 'second'}`),
      ['order.created first', 'order.created second', 'order.approved first', 'order.rejected second'],
    );
    assert.ok(pages >= 4, 'one event per page');
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'no event twice');
    const created = ours[0];
    assert.match(created.id, /^msg_[0-9a-f]{32}$/);
    assert.equal(created.data.company, 'Først AS – Ærøy');
    assert.equal(created.data.orderNumber, first.orderNumber);
    assert.ok(!Number.isNaN(Date.parse(created.timestamp)));
    assert.deepEqual(ours[3].data.rejection, { reason: 'not_affiliated', message: 'Ikke ansatt hos oss.' });
    for (const event of ours)
      assert.deepEqual(schemaErrors({ $ref: '#/components/schemas/PartnerwebEvent' }, event), [], event.type);
    // the same event as stored for the webhooks: same id, same payload
    const [stored] = await ctx().dataSource.query(`SELECT payload FROM webhook_event WHERE id = $1`, [created.id]);
    assert.deepEqual({ ...stored.payload, id: created.id }, created);
  });

  it('filters by type, one or several', async () => {
    const start = await tail('nordlys');
    const nordlys = await as('nordlys');
    const order = await pendingOrder('nordlys');
    await nordlys.post(`/v1/orders/${order.id}/approve`).expect(200);
    const approved = (await readAll('nordlys', start, '&type=order.approved')).events;
    assert.ok(approved.length >= 1 && approved.every((e) => e.type === 'order.approved'));
    assert.ok(approved.some(about(order.id)));
    const both = (await readAll('nordlys', start, '&type=order.created&type=order.approved')).events.filter(
      about(order.id),
    );
    assert.deepEqual(
      both.map((e) => e.type),
      ['order.created', 'order.approved'],
    );
    const bad = await nordlys.get('/v1/events?type=order.exploded').expect(400);
    assert.equal(bad.body.code, 'validation-failed');
    assert.ok(
      bad.body.errors.some((e: { field: string }) => e.field.startsWith('type')),
      JSON.stringify(bad.body),
    );
  });

  it('resumes from a cursor exactly after the last event read, and a cursor reads the same again', async () => {
    const start = await tail('nordlys');
    const nordlys = await as('nordlys');
    const orders = [await pendingOrder('nordlys'), await pendingOrder('nordlys'), await pendingOrder('nordlys')];
    const all = (await readAll('nordlys', start)).events;
    assert.ok(orders.every((o) => all.some(about(o.id))));

    const firstTwo = (await nordlys.get(`/v1/events?limit=2&cursor=${start}`).expect(200)).body;
    assert.equal(firstTwo.data.length, 2);
    assert.equal(firstTwo.hasMore, all.length > 2);
    const rest = (await readAll('nordlys', firstTwo.nextCursor)).events;
    assert.deepEqual(
      [...firstTwo.data, ...rest].map((e: FeedEvent) => e.id),
      all.map((e) => e.id),
      'nothing skipped, nothing repeated',
    );
    const again = (await nordlys.get(`/v1/events?limit=2&cursor=${start}`).expect(200)).body;
    assert.deepEqual(again, firstTwo);

    // at the end: no events, and the cursor stays where it was, so a poller just keeps it
    const end = (await readAll('nordlys', start)).cursor;
    const empty = (await nordlys.get(`/v1/events?cursor=${end}`).expect(200)).body;
    assert.deepEqual(empty, { data: [], nextCursor: end, hasMore: false });
    // a new event after that shows up at the cursor
    const later = await pendingOrder('nordlys');
    const next = (await nordlys.get(`/v1/events?cursor=${end}`).expect(200)).body;
    assert.ok(next.data.some(about(later.id)));

    const bad = await nordlys.get('/v1/events?cursor=WyIyMDI2Il0').expect(400);
    assert.equal(bad.body.errors[0].field, 'cursor');
  });

  it("shows no other partner's events, and needs the scope events:read", async () => {
    const start = await tail('fjordheim');
    const order = await pendingOrder('nordlys');
    const fjordheim = (await readAll('fjordheim', start)).events;
    assert.ok(!fjordheim.some(about(order.id)), "Nordlys's order is not in Fjordheim's feed");
    const fromStart = (await readAll('fjordheim', '')).events;
    assert.ok(fromStart.length > 0 && !fromStart.some(about(order.id)), 'from the start: only its own');
    const nordlysFeed = (await readAll('nordlys', '')).events;
    assert.ok(nordlysFeed.some(about(order.id)));

    const ordersOnly = await as('nordlys', 'orders:read');
    const refused = await ordersOnly.get('/v1/events').expect(403);
    assert.equal(refused.body.code, 'insufficient-scope');
  });

  it('keeps events 30 days: the daily retention run deletes older ones', async () => {
    const { dataSource, clock } = ctx();
    const nordlys = await partnerId('nordlys');
    clock.set(new Date('2026-11-27T12:00:00Z'));
    try {
      const insert = (id: string, createdAt: string) =>
        dataSource.query(
          `INSERT INTO webhook_event (id, partner_id, type, payload, created_at) VALUES ($1, $2, 'order.created', $3, $4)`,
          [
            id,
            nordlys,
            JSON.stringify({ type: 'order.created', timestamp: createdAt, data: { orderId: id } }),
            createdAt,
          ],
        );
      const old = `msg_old${Date.now()}`;
      const kept = `msg_kept${Date.now()}`;
      await insert(old, '2026-10-27T10:00:00Z'); // 31 days before
      await insert(kept, '2026-10-29T10:00:00Z'); // 29 days before
      await (await asOperator()).post('/v1/operator/jobs/retention/runs').expect(200);
      const left = (await dataSource.query(`SELECT id FROM webhook_event WHERE id = ANY ($1)`, [[old, kept]])).map(
        (r: { id: string }) => r.id,
      );
      assert.deepEqual(left, [kept]);
      assert.ok((await readAll('nordlys', '')).events.some((e) => e.id === kept));
    } finally {
      clock.reset();
    }
  });
});

describe('the events feed across a server restart', function () {
  this.timeout(120_000);
  let server: ChildProcess | undefined;
  after(() => server?.kill('SIGKILL'));

  /** The API in a process of its own on the test database (no workers: the test's own app runs them). */
  async function startServer(): Promise<{ url: string; process: ChildProcess }> {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'server.js')], {
      env: {
        ...process.env,
        ...testEnvironment(ctx().databaseUrl, ctx().mail.url),
        PORT: String(port),
        RUN_WORKERS: 'false',
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    for (let i = 0; !output.includes('listening on'); i++) {
      if (i > 600 || child.exitCode !== null) assert.fail(`the server did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { url: `http://127.0.0.1:${port}`, process: child };
  }

  it('loses and repeats no event when the server is killed while events are written and read', async () => {
    const start = await tail('nordlys');
    const token = await tokenFor('nordlys');
    const headers = { Authorization: `Bearer ${token}` };
    const orders = await Promise.all(Array.from({ length: 12 }, () => pendingOrder('nordlys')));

    const read: FeedEvent[] = [];
    const log: string[] = [];
    let cursor = start;
    /** One page through whichever server runs now; a request cut by the kill is simply asked again. */
    const readPage = async (url: string): Promise<boolean> => {
      try {
        const response = await fetch(`${url}/v1/events?limit=3&cursor=${cursor}`, { headers });
        if (response.status !== 200) return true;
        const page = (await response.json()) as { data: FeedEvent[]; nextCursor: string; hasMore: boolean };
        read.push(...page.data);
        log.push(
          `${Buffer.from(cursor, 'base64url').toString()}→${Buffer.from(page.nextCursor, 'base64url').toString()}:${page.data.length}`,
        );
        cursor = page.nextCursor;
        return page.hasMore;
      } catch {
        return true;
      }
    };
    const decide = (url: string, orderId: string, index: number) =>
      fetch(`${url}/v1/orders/${orderId}/${index % 3 === 0 ? 'reject' : 'approve'}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: index % 3 === 0 ? JSON.stringify({ reason: 'other', message: 'Nei.' }) : undefined,
      }).catch(() => undefined);

    // First process: decisions in parallel with the reader, then killed without warning mid-way.
    let first = await startServer();
    server = first.process;
    const decisions = Promise.all(orders.slice(0, 6).map((o, i) => decide(first.url, o.id, i)));
    for (let i = 0; i < 4; i++) await readPage(first.url);
    await decisions;
    const exited = new Promise((resolve) => first.process.once('exit', resolve));
    const reading = readPage(first.url);
    first.process.kill('SIGKILL');
    await Promise.all([exited, reading]);

    // Second process: the rest of the decisions, and the reader goes on from its cursor.
    first = await startServer();
    server = first.process;
    await Promise.all(orders.slice(6).map((o, i) => decide(first.url, o.id, i + 6)));
    while (await readPage(first.url));
    // the last writes may become visible a moment later (a transaction still running hides later ones): poll briefly
    for (let i = 0; i < 20 && !orders.every((o) => read.filter(about(o.id)).length === 2); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      while (await readPage(first.url));
    }

    const ids = read.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, `no event read twice; pages: ${log.join(', ')}`);
    // the cursor is opaque to partners; the test reads its position to ask the database what follows it
    const [, txId, seq] = Buffer.from(start, 'base64url').toString('utf8').split('.');
    const stored: { id: string }[] = await ctx().dataSource.query(
      `SELECT id FROM webhook_event WHERE partner_id = $1 AND type <> 'webhook.test' AND (tx_id, seq) > ($2::xid8, $3::bigint) ORDER BY tx_id, seq`,
      [await partnerId('nordlys'), txId, seq],
    );
    const missing = stored.filter((r) => !ids.includes(r.id)).map((r) => r.id);
    const described = missing.length
      ? await ctx().dataSource.query(
          `SELECT id, type, tx_id::text, seq, created_at FROM webhook_event WHERE id = ANY ($1)`,
          [missing],
        )
      : [];
    assert.deepEqual(
      ids,
      stored.map((r) => r.id),
      `every event written, in the order of the feed; missing: ${JSON.stringify(described)}`,
    );
    for (const order of orders) {
      assert.deepEqual(read.filter(about(order.id)).map((e) => e.type)[0], 'order.created');
      assert.equal(
        read.filter(about(order.id)).length,
        2,
        `order ${order.orderNumber}: created and decided, once each`,
      );
    }
  });
});

describe('updatedSince on the order and end-user lists (delta sync)', function () {
  it('lists only what changed at or after the instant, rejected orders included', async () => {
    const { dataSource } = ctx();
    const nordlys = await as('nordlys');
    const unchanged = await pendingOrder('nordlys');
    const approved = await pendingOrder('nordlys');
    const rejected = await pendingOrder('nordlys');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [{ since }] = await dataSource.query(`SELECT clock_timestamp() AS since`);
    await nordlys.post(`/v1/orders/${approved.id}/approve`).expect(200);
    await nordlys.post(`/v1/orders/${rejected.id}/reject`).send({ reason: 'other', message: 'Nei.' }).expect(200);

    const at = encodeURIComponent((since as Date).toISOString());
    const orders = (await nordlys.get(`/v1/orders?updatedSince=${at}&limit=100`).expect(200)).body.data as {
      id: string;
      status: string;
    }[];
    const ids = orders.map((o) => o.id);
    assert.ok(ids.includes(approved.id));
    assert.equal(orders.find((o) => o.id === rejected.id)?.status, 'rejected', 'a rejection is news to a copy');
    assert.ok(!ids.includes(unchanged.id));
    const withoutSince = (await nordlys.get(`/v1/orders?limit=100`).expect(200)).body.data.map(
      (o: { id: string }) => o.id,
    );
    assert.ok(withoutSince.includes(unchanged.id) && !withoutSince.includes(rejected.id));

    const users = (await nordlys.get(`/v1/end-users?updatedSince=${at}&limit=100`).expect(200)).body.data.map(
      (u: { id: string }) => u.id,
    );
    assert.ok(users.includes(approved.endUserId));
    assert.ok(!users.includes(unchanged.endUserId));

    for (const bad of ['yesterday', '2026-13-45T00:00:00Z']) {
      const refused = await nordlys.get(`/v1/orders?updatedSince=${bad}`).expect(400);
      assert.equal(refused.body.errors[0].field, 'updatedSince');
    }
  });
});
