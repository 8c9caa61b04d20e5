import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDataSource, migrate } from '../src/db/data-source';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { DEMO_CLIENTS } from '../src/demo/demo-data';
import { seedDemoData } from '../src/demo/seed';
import { JobQueue } from '../src/jobs/job-queue';
import { createLogger } from '../src/logger';
import { Outbox } from '../src/notifications/outbox';
import { createServices } from '../src/services';
import { testEnvironment } from './hooks';
import { ctx } from './support/context';
import { TestClock } from './support/test-clock';
import { freePort } from './support/test-database';

/** The postmaster and its children (the backends serving the pool's connections). */
function clusterProcesses(postmaster: number): number[] {
  const children = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`${what} did not happen within ${timeoutMs} ms`);
}

/**
 * A PostgreSQL of this test's own (the suite's shared one stays up), stopped and frozen under a running app.
 * Short timeouts, so a hanging database answers 503 in about two seconds.
 */
describe('database outages: 503 with Retry-After, no hanging, recovery without restart', function () {
  this.timeout(120_000);
  let folder: string;
  let port: number;
  let cluster: EmbeddedPostgresHandle;
  let dataSource: DataSource;
  let jobQueue: JobQueue;
  let app: Express;
  let token: string;
  const startCluster = async () => {
    cluster = await startEmbeddedPostgres({
      dataDir: path.join(folder, 'data'),
      port,
      database: 'outage',
      persistent: true,
    });
  };

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-outage-'));
    fs.chmodSync(folder, 0o777); // as root the cluster runs as the postgres user, which must enter the folder
    port = await freePort();
    await startCluster();
    const config = loadConfig({
      ...testEnvironment(cluster.url, ctx().mail.url),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '1500',
      DATABASE_QUERY_TIMEOUT_MS: '2000',
    });
    const logger = createLogger('silent');
    dataSource = createDataSource(cluster.url, 5, config.databaseTimeouts);
    await dataSource.initialize();
    await migrate(dataSource);
    jobQueue = new JobQueue(cluster.url, config.jobs, logger);
    await jobQueue.start();
    await seedDemoData(dataSource, new Outbox(jobQueue));
    app = createApp(createServices({ config, logger, dataSource, jobQueue, clock: new TestClock() }));
    const client = DEMO_CLIENTS[0];
    token = (
      await request(app)
        .post('/oauth/token')
        .auth(client.clientId, client.secret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200)
    ).body.access_token;
  });

  after(async () => {
    for (const pid of clusterProcesses(cluster.pid)) process.kill(pid, 'SIGCONT');
    await jobQueue.stop().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await cluster.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const orders = () => request(app).get('/v1/orders').set('Authorization', `Bearer ${token}`);
  const tokenRequest = () =>
    request(app)
      .post('/oauth/token')
      .auth(DEMO_CLIENTS[0].clientId, DEMO_CLIENTS[0].secret)
      .type('form')
      .send({ grant_type: 'client_credentials' });

  async function assertUnavailable(name: string, send: () => request.Test, withinMs: number): Promise<void> {
    const started = Date.now();
    const response = await send();
    const took = Date.now() - started;
    assert.equal(response.status, 503, `${name}: ${response.status} ${JSON.stringify(response.body)}`);
    assert.match(response.get('Content-Type') ?? '', /^application\/problem\+json/);
    assert.equal(response.get('Retry-After'), '5');
    assert.equal(JSON.parse(response.text).code, 'service-unavailable');
    assert.ok(took < withinMs, `${name} answered in ${took} ms, not within ${withinMs} ms`);
  }

  it('answers /health and /ready while the database is up', async () => {
    await request(app).get('/health').expect(200, { status: 'ok' });
    await request(app).get('/ready').expect(200, { status: 'ready' });
    await orders().expect(200);
  });

  it('a stopped database: 503 at once on every route that needs it, /health stays 200; back by itself once it runs again', async () => {
    await cluster.stop();
    await assertUnavailable('GET /v1/orders', orders, 3000);
    await assertUnavailable('POST /oauth/token', tokenRequest, 3000);
    await assertUnavailable('GET /ready', () => request(app).get('/ready'), 3000);
    await request(app).get('/health').expect(200);

    await startCluster();
    await until('the order list answers again', async () => (await orders()).status === 200);
    await request(app).get('/ready').expect(200);
  });

  it('a frozen database (SIGSTOP): requests answer 503 within the timeouts instead of hanging; back after SIGCONT', async () => {
    const frozen = clusterProcesses(cluster.pid);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      await assertUnavailable('GET /v1/orders', orders, 4500);
      await assertUnavailable('GET /ready', () => request(app).get('/ready'), 4500);
      // Several at once: each waits for a connection no longer than the connect timeout, none hangs.
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 8 }, () => orders()));
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [503]);
      assert.ok(Date.now() - started < 6000, `8 parallel requests took ${Date.now() - started} ms`);
      await request(app).get('/health').expect(200);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    await until('the order list answers again', async () => (await orders()).status === 200);
    await request(app).get('/ready').expect(200);
  });
});
