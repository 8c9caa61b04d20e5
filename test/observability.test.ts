import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../src/app';
import { createServices } from '../src/services';
import { ctx } from './support/context';
import { tokenFor } from './support/fixtures';
import { removeDataDir, startServerProcess } from './support/server-process';
import { freePort } from './support/test-database';

describe('observability: Prometheus metrics and OpenTelemetry tracing', function () {
  this.timeout(120_000);

  it('serves /metrics on its own listener: request durations by route template and status, pool, queues, outbox, orders', async () => {
    const { services: shared, dataSource, clock } = ctx();
    const services = createServices({
      config: { ...shared.config, metrics: { port: 0, host: '127.0.0.1' } },
      logger: shared.logger,
      dataSource,
      jobQueue: shared.jobQueue,
      clock,
    });
    const app = createApp(services);
    const token = await tokenFor('nordlys');
    await request(app).get('/v1/orders?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
    await request(app).get('/v1/orders?limit=2').set('Authorization', `Bearer ${token}`).expect(200);
    await request(app).get('/v1/orders/not-a-uuid').set('Authorization', `Bearer ${token}`).expect(400);
    await request(app).get('/metrics').expect(404); // never on the partner-facing port

    const server = await services.metrics!.serve(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await response.text();
      assert.match(
        text,
        /partnerweb_http_request_duration_seconds_count\{method="GET",route="\/v1\/orders",status="200"\} 2\n/,
      );
      assert.match(
        text,
        /partnerweb_http_request_duration_seconds_count\{method="GET",route="\/v1\/orders\/:orderId",status="400"\} 1\n/,
      );
      assert.doesNotMatch(text, /not-a-uuid/, 'labels carry the template, not the raw path');
      assert.match(text, /partnerweb_db_pool_connections [1-9]/);
      assert.match(text, /partnerweb_db_pool_waiting_requests 0/);
      const [{ pending }] = await dataSource.query(
        `SELECT count(*)::int AS pending FROM card_order WHERE status = 'pending'`,
      );
      assert.match(text, new RegExp(`partnerweb_orders\\{status="pending"\\} ${pending}\\n`));
      assert.match(text, /partnerweb_job_queue_depth/);
      assert.match(text, /partnerweb_outbox_email_lag_seconds \d/);
      assert.match(text, /partnerweb_outbox_webhook_lag_seconds \d/);
      assert.match(text, /partnerweb_webhook_deliveries_failed \d+\n/);
      assert.match(text, /partnerweb_metrics_scrape_errors_total 0\n/);
    } finally {
      server.close();
    }
  });

  it('loads no OpenTelemetry module when OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    const dist = path.join(__dirname, '..');
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(dist, 'src/observability/tracing'))}); require(${JSON.stringify(path.join(dist, 'src/app'))}); console.log(Object.keys(require.cache).filter((f) => f.includes('@opentelemetry')).length)`,
      ],
      {
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
        encoding: 'utf8',
      },
    );
    assert.equal(loaded.trim(), '0');
  });

  it('sends spans of HTTP, Express and pg to the OTLP endpoint when it is set', async () => {
    const received: Buffer[] = [];
    const collector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') received.push(Buffer.concat(chunks));
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-tracing-'));
    try {
      const server = await startServerProcess({
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_SERVICE_NAME: 'partnerweb-tracing-test',
      });
      await fetch(`${server.url}/ready`);
      const all = ['pg.query', 'instrumentation-http', 'instrumentation-express'];
      for (let i = 0; i < 100 && !all.every((name) => Buffer.concat(received).includes(name)); i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const spans = Buffer.concat(received);
      assert.ok(spans.includes('partnerweb-tracing-test'), 'the service name');
      assert.ok(spans.includes('@opentelemetry/instrumentation-http'), 'an HTTP span');
      assert.ok(spans.includes('@opentelemetry/instrumentation-express'), 'an Express span');
      assert.ok(spans.includes('pg.query'), 'a pg span');
      assert.equal(await server.stop(), 0, server.output());
    } finally {
      collector.close();
      removeDataDir(dataDir);
    }
  });
});
