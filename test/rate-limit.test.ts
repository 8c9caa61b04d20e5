import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createApp } from '../src/app';
import { SharedLimit } from '../src/common/rate-limit';
import { ctx } from './support/context';
import { registryPerson, tokenFor } from './support/fixtures';
import { removeDataDir, ServerProcess, startServerProcess } from './support/server-process';

/** The test's app with other limits, on the same database (the buckets are per limit, so no other test's count). */
function appWithLimits(perMinute: number, authFailuresPerMinute: number) {
  const { services } = ctx();
  return createApp({
    ...services,
    config: { ...services.config, rateLimitPerMinute: perMinute, authFailuresPerMinute },
  });
}

/** A token that claims to be `real`'s client but is signed with another key: what an attacker can make. */
function forgedFrom(real: string, i: number): string {
  const claims = jwt.decode(real) as Record<string, unknown>;
  return jwt.sign({ ...claims, jti: `forged-${i}` }, `not-the-key-${i}`, { algorithm: 'HS256', noTimestamp: true });
}

function assertLimited(res: request.Response): void {
  assert.equal(res.status, 429, res.text);
  assert.match(res.headers['content-type'], /^application\/problem\+json/);
  assert.equal(res.body.code, 'rate-limited');
  assert.ok(Number(res.headers['retry-after']) >= 1 && Number(res.headers['retry-after']) <= 60);
  assert.match(res.headers['ratelimit-policy'], /q=\d+; w=60/);
}

/** Until no share of `limit` is being fetched (one fetched ahead may still be on its way). */
async function fetchesSettled(limit: SharedLimit): Promise<void> {
  const fetching = (limit as unknown as { fetching: Map<string, Promise<void>> }).fetching;
  while (fetching.size) await Promise.allSettled([...fetching.values()]);
}

describe('rate limits (issue 10 part 4, issue 13 part 5)', function () {
  this.timeout(120_000);

  it("20 forged tokens with a real partner's sub spend the address's bucket, never the partner's", async () => {
    const app = appWithLimits(11, 1000);
    const real = await tokenFor('nordlys');
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push(
        (
          await request(app)
            .get('/v1/orders?limit=1')
            .set('Authorization', `Bearer ${forgedFrom(real, i)}`)
        ).status,
      );
    }
    assert.deepEqual(
      answers.slice(0, 11),
      Array(11).fill(401),
      'refused by authentication while the address has requests left',
    );
    assert.deepEqual(answers.slice(11), Array(9).fill(429), 'then limited by address: a forged token escapes nothing');
    const after = await request(app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${real}`);
    assert.equal(after.status, 200, 'the real partner still has its whole bucket');
    assert.match(after.headers.ratelimit, /r=10;/);
    assertLimited(await request(app).get('/v1/order-pages/nordlys-ansatt'));
  });

  it('authentication failures are limited on their own, below the address limit', async () => {
    const app = appWithLimits(1000, 3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await request(app).get('/v1/orders').set('Authorization', 'Bearer not.a.token')).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    assertLimited(await request(app).get('/v1/partner').set('Authorization', 'Basic eDp5'));
    assert.equal(
      (await request(app).get('/v1/order-pages/nordlys-ansatt')).status,
      200,
      'requests without credentials are not failures',
    );
  });

  it('an end user is limited by who they are, verified, not by address', async () => {
    const app = appWithLimits(13, 1000);
    const login = await request(app)
      .post('/dev-idp/token')
      .type('form')
      .send({ nationalId: (await registryPerson()).nationalId });
    if (login.status !== 200) assert.fail(`no end-user token: ${login.text}`);
    const res = await request(app).get('/v1/me/cards').set('Authorization', `Bearer ${login.body.access_token}`);
    assert.match(res.headers['ratelimit-policy'], /"api"; q=13; w=60/);
    assert.match(res.headers.ratelimit, /r=12;/);
    for (let i = 0; i < 12; i++) await request(app).get('/v1/order-pages/nordlys-ansatt');
    assert.notEqual(
      (await request(app).get('/v1/me/cards').set('Authorization', `Bearer ${login.body.access_token}`)).status,
      429,
    );
  });

  it('leases never let two holders of one bucket exceed it, however many requests race', async () => {
    const pool = (ctx().dataSource.driver as PostgresDriver).master as Pool;
    const [a, b] = [new SharedLimit(pool, 'lease-test', 500), new SharedLimit(pool, 'lease-test', 500)];
    const taken = await Promise.all(Array.from({ length: 700 }, (_, i) => (i % 2 ? a : b).take('one-client')));
    const allowed = taken.filter((t) => !t.refused).length;
    assert.ok(allowed <= 500, `${allowed} allowed of a limit of 500`);
    assert.ok(allowed >= 450, `only ${allowed} of 500 allowed: leases wasted too much`);
    const [row] = await ctx().dataSource.query(
      `SELECT points FROM rate_limit_bucket WHERE key = 'lease-test:500:one-client'`,
    );
    assert.ok(row.points < 700, `the shared count was written in shares, not once a request (${row.points})`);
  });

  it("fetches a busy key's next share ahead, so its requests never wait for the upsert while points are in hand", async () => {
    const pool = (ctx().dataSource.driver as PostgresDriver).master as Pool;
    const limit = new SharedLimit(pool, 'ahead-test', 1_000_000); // shares of 64, the next fetched at 32 left
    const bucketPoints = async () =>
      Number(
        (await pool.query(`SELECT points FROM rate_limit_bucket WHERE key = 'ahead-test:1000000:busy'`)).rows[0].points,
      );
    for (let i = 0; i < 31; i++) await limit.take('busy');
    assert.equal(await bucketPoints(), 64);
    // Hold the bucket's row, so the upsert fetched ahead cannot finish until the test lets it.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM rate_limit_bucket WHERE key = 'ahead-test:1000000:busy' FOR UPDATE`);
      const inHand = [];
      // The first of these takes leaves 32 in hand and fetches the next share ahead; the upsert waits for the lock.
      for (let i = 0; i < 33; i++) inHand.push((await limit.take('busy')).remaining);
      assert.deepEqual(
        inHand.slice(-3),
        [1_000_000 - 64 + 2, 1_000_000 - 64 + 1, 1_000_000 - 64],
        'the points in hand were all handed out, down to the last',
      );
      const waitingUpserts = async () =>
        Number(
          (
            await holder.query(
              // only the upserts this transaction's row lock holds up, whatever else runs on the server
              'SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
            )
          ).rows[0].count,
        );
      for (let i = 0; i < 50 && (await waitingUpserts()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await waitingUpserts(), 1, 'the next share was asked for before the one in hand ran out');
      let waited = true;
      const next = limit.take('busy').then((taken) => ((waited = false), taken));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(waited, 'with no point in hand, a request waits for the share being fetched');
      await holder.query('COMMIT');
      const taken = await next;
      assert.equal(taken.remaining, 1_000_000 - 128 + 63);
      assert.equal(await bucketPoints(), 128, 'one upsert for the next share, not one for each waiting request');
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      holder.release();
    }
  });

  it('carries the points still in hand over into the share fetched ahead', async () => {
    const pool = (ctx().dataSource.driver as PostgresDriver).master as Pool;
    const limit = new SharedLimit(pool, 'carry-test', 1_000_000);
    for (let i = 0; i < 32; i++) await limit.take('busy'); // the 32nd leaves 32 in hand and fetches ahead
    await fetchesSettled(limit);
    const taken = await limit.take('busy');
    assert.equal(taken.remaining, 1_000_000 - 128 + (32 + 64 - 1), "the 32 in hand and the new share's 64, less one");
  });

  it('fetches no share ahead for a small limit, so it stays exact', async () => {
    const pool = (ctx().dataSource.driver as PostgresDriver).master as Pool;
    const limit = new SharedLimit(pool, 'small-test', 100); // shares of 6
    const points = async () =>
      Number(
        (await pool.query(`SELECT points FROM rate_limit_bucket WHERE key = 'small-test:100:client'`)).rows[0].points,
      );
    for (let i = 0; i < 6; i++) await limit.take('client');
    await fetchesSettled(limit);
    assert.equal(await points(), 6, 'six requests spent six points of the shared bucket, none ahead');
    await limit.take('client');
    assert.equal(await points(), 11, 'the seventh took the next share, a sixteenth of the 94 left');
  });

  it('leaves no prepared statement on the connections that requests use', async () => {
    // A named statement stays in its connection for good; on a request connection it made every later order list
    // cost PostgreSQL about twice the CPU (src/common/rate-limit.ts, unnamedStatements).
    const pool = new Pool({ connectionString: ctx().databaseUrl, max: 1 });
    try {
      const limit = new SharedLimit(pool, 'statement-test', 1000);
      for (let i = 0; i < 3; i++) await limit.take(`client-${i}`);
      const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      assert.deepEqual(rows, []);
      const [row] = (
        await pool.query(`SELECT points FROM rate_limit_bucket WHERE key = 'statement-test:1000:client-2'`)
      ).rows;
      assert.equal(row.points, 62, 'the lease was still taken (a sixteenth of 1,000)');
    } finally {
      await pool.end();
    }
  });

  describe('two API processes on one database', () => {
    const servers: ServerProcess[] = [];
    const dataDirs: string[] = [];
    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      dataDirs.forEach(removeDataDir);
    });

    it('enforce one limit between them', async () => {
      for (let i = 0; i < 2; i++) {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-limit-'));
        dataDirs.push(dataDir);
        servers.push(
          await startServerProcess({
            DATABASE_URL: ctx().databaseUrl,
            DATA_DIR: dataDir,
            RATE_LIMIT_PER_MINUTE: '7',
            RUN_WORKERS: 'false',
          }),
        );
      }
      const token = await tokenFor('fjordheim');
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const server = servers[i % 2];
        const res = await fetch(`${server.url}/v1/orders?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
        statuses.push(res.status);
        if (res.status === 429) {
          assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
          assert.ok(Number(res.headers.get('retry-after')) >= 1);
        }
      }
      assert.deepEqual(
        statuses,
        [200, 200, 200, 200, 200, 200, 200, 429, 429, 429],
        'seven in all, whichever instance answered',
      );
    });
  });
});
