import http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { poolExecutor } from '../db/sql-executor';
import { QueuedJobsRepository } from '../jobs/queued-jobs.repository';
import { EmailMessagesRepository } from '../notifications/email-messages.repository';
import { OrdersRepository } from '../orders/orders.repository';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository';

/** How long a count of the order table is reused: counting it is a scan, and a scrape comes every 15-60 s. */
const ORDER_COUNT_MAX_AGE_MS = 30_000;

/**
 * Prometheus metrics. Requests are timed in a middleware (one clock read and one histogram child per request);
 * everything else is read when Prometheus scrapes: the pool's counters from memory, the queues and outboxes by
 * small indexed queries. Served on a listener of its own (METRICS_PORT), never on the partner-facing port.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly children = new Map<string, ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>>();
  readonly scrapeErrors: Counter;

  constructor(private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'partnerweb_' });
    this.duration = new Histogram({
      name: 'partnerweb_http_request_duration_seconds',
      help: 'HTTP requests by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.scrapeErrors = new Counter({
      name: 'partnerweb_metrics_scrape_errors_total',
      help: 'Scrapes whose database figures could not be read',
      registers: [this.registry],
    });
    const pool = () => (this.dataSource.driver as PostgresDriver).master as Pool;
    const poolGauge = (name: string, help: string, read: (p: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(pool()));
        },
      });
    poolGauge('partnerweb_db_pool_connections', 'Open connections of the database pool', (p) => p.totalCount);
    poolGauge('partnerweb_db_pool_idle_connections', 'Idle connections of the database pool', (p) => p.idleCount);
    poolGauge(
      'partnerweb_db_pool_waiting_requests',
      'Queries waiting for a connection of the pool',
      (p) => p.waitingCount,
    );
    this.databaseGauges();
  }

  /** Times each request; the label is the route template (/v1/orders/:orderId), never the raw path. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const key = `${req.method} ${route} ${res.statusCode}`;
      let child = this.children.get(key);
      if (!child) {
        child = this.duration.labels(req.method, String(route), String(res.statusCode));
        this.children.set(key, child);
      }
      child.observe(Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  private databaseGauges(): void {
    const { scrapeErrors } = this;
    const sql = poolExecutor(this.dataSource);
    const jobs = new QueuedJobsRepository(sql);
    const emails = new EmailMessagesRepository(sql);
    const deliveries = new WebhookDeliveriesRepository(sql);
    const orders = new OrdersRepository(sql);
    /** Sets the gauge from a fresh reading; a reading that fails leaves it empty and counts a scrape error. */
    const read = async (
      gauge: Gauge,
      reading: () => Promise<number | { labels: Record<string, string>; value: number }[]>,
    ) => {
      gauge.reset();
      try {
        const value = await reading();
        if (typeof value === 'number') gauge.set(value);
        else for (const { labels, value: v } of value) gauge.set(labels, v);
      } catch {
        scrapeErrors.inc();
      }
    };
    let orderCounts: { at: number; rows: { status: string; count: number }[] } | undefined;
    new Gauge({
      name: 'partnerweb_job_queue_depth',
      help: 'Jobs waiting in pg-boss (created or to retry), by queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        await read(this, async () =>
          (await jobs.waitingByQueue()).map((row) => ({ labels: { queue: row.queue }, value: row.count })),
        );
      },
    });
    new Gauge({
      name: 'partnerweb_outbox_email_lag_seconds',
      help: 'Age of the oldest e-mail of the outbox not sent yet (0: none waiting)',
      registers: [this.registry],
      async collect() {
        await read(this, () => emails.oldestUnsentAgeSeconds());
      },
    });
    new Gauge({
      name: 'partnerweb_outbox_webhook_lag_seconds',
      help: 'Age of the oldest webhook delivery still pending (0: none waiting)',
      registers: [this.registry],
      async collect() {
        await read(this, () => deliveries.oldestPendingAgeSeconds());
      },
    });
    new Gauge({
      name: 'partnerweb_webhook_deliveries_failed',
      help: 'Webhook deliveries that failed for good (every retry used up, or the endpoint gone)',
      registers: [this.registry],
      async collect() {
        await read(this, () => deliveries.countFailed());
      },
    });
    new Gauge({
      name: 'partnerweb_orders',
      help: `Orders by status (counted at most every ${ORDER_COUNT_MAX_AGE_MS / 1000} s)`,
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        if (!orderCounts || Date.now() - orderCounts.at > ORDER_COUNT_MAX_AGE_MS) {
          try {
            orderCounts = { at: Date.now(), rows: await orders.countByStatus() };
          } catch {
            scrapeErrors.inc();
          }
        }
        this.reset();
        for (const row of orderCounts?.rows ?? []) this.set({ status: row.status }, row.count);
      },
    });
  }

  /** The metrics listener: GET /metrics only. */
  serve(port: number, host: string): Promise<http.Server> {
    const server = http.createServer(async (req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('only GET /metrics here\n');
        return;
      }
      try {
        const body = await this.registry.metrics();
        res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body);
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${(error as Error).message}\n`);
      }
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
