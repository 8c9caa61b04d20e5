import PgBoss from 'pg-boss';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { JobSender } from '../db/job-sender';
import { EMAIL_QUEUE } from '../notifications/outbox';
import { WEBHOOK_DELIVERY_QUEUE } from '../webhooks/webhook-event-publisher';

/** Every queue of the system: the name is what pg-boss stores, the comment what a job there does. */
export const QUEUES = {
  /** Send one e-mail of the outbox (`email_message`). */
  sendEmail: EMAIL_QUEUE,
  /** Make one attempt at one webhook delivery (`webhook_delivery`). */
  deliverWebhook: WEBHOOK_DELIVERY_QUEUE,
  /** Daily: mark cards past their expiry date as expired. */
  expireCards: 'cards.expire',
  /** Daily: expiry notices for cards that expire within two months. */
  expiryNotices: 'cards.expiry-notices',
  /** Monthly, on the 1st: the invoices for the month before. */
  invoices: 'invoices.monthly',
  /** Daily: delete end users past the retention period, and powers of attorney past ten years. */
  retention: 'retention.daily',
  /** Daily: approval policies' automatic rejections and the reminder digests of overdue orders. */
  approvalPolicies: 'approval-policies.daily',
  /** Development only: the simulated production line ships and activates cards. */
  productionLine: 'cards.production-line',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobQueueSettings {
  /** How long a worker may hold a job before pg-boss hands it to another (a crashed worker's job comes back). */
  expireInSeconds: number;
  retryDelaySeconds: number;
  /** How often pg-boss looks for expired jobs and due schedules. */
  maintenanceIntervalSeconds: number;
  pollingIntervalSeconds: number;
}

/**
 * pg-boss on the application's own PostgreSQL. `send` takes the caller's transaction, so a job is queued
 * if and only if the change that caused it commits: that is what makes the outbox crash-safe.
 */
export class JobQueue implements JobSender {
  readonly boss: PgBoss;

  /** pg-boss's sessions carry this name, so that `stop` can see when this process's have ended. */
  private readonly applicationName = `partnerweb-jobs-${process.pid}`;

  constructor(
    private readonly connectionString: string,
    private readonly settings: JobQueueSettings,
    private readonly logger: Logger,
  ) {
    this.boss = new PgBoss({
      connectionString,
      application_name: this.applicationName,
      max: 4,
      maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
    });
    // pg-boss passes pg's errors on with the whole connection attached (settings and the backend's cancel key):
    // log what says what went wrong, not that.
    this.boss.on('error', (error: Error & { code?: string }) =>
      this.logger.error(
        { error: { name: error.name, message: error.message, code: error.code, stack: error.stack } },
        'job queue error',
      ),
    );
  }

  /** Creates pg-boss's schema on first start and every queue; jobs can be sent once this resolved. */
  async start(): Promise<void> {
    await this.boss.start();
    for (const name of Object.values(QUEUES)) {
      const options = {
        name,
        expireInSeconds: this.settings.expireInSeconds,
        retryLimit: 8,
        retryDelay: this.settings.retryDelaySeconds,
        retryBackoff: true,
      };
      // Settings follow the configuration on every start; a queue made by an earlier start is updated.
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, options);
      else await this.boss.createQueue(name, options).catch(() => this.boss.updateQueue(name, options));
    }
  }

  /** Stops this process's workers (the schedules stay); `startWorkers` registers them again. */
  async stopWorkers(): Promise<void> {
    for (const name of Object.values(QUEUES)) await this.boss.offWork(name);
  }

  /** Lets running jobs finish (up to 5 s), then closes pg-boss's connections and waits until they are gone. */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5000, wait: true });
    await this.untilSessionsEnded();
  }

  /**
   * pg's pool resolves `end()` once it has asked its connections to close, not once they have: the embedded
   * PostgreSQL, stopped right after, would cut them mid-goodbye and pg-boss would report each as an error.
   */
  private async untilSessionsEnded(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString });
    try {
      await client.connect();
      for (let i = 0; i < 40; i++) {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
          [this.applicationName],
        );
        if (rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch {
      // the server is going away anyway: nothing to wait for
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Queues a job inside the caller's transaction. */
  async send(
    manager: EntityManager,
    queue: QueueName,
    data: object,
    options: { startAfter?: Date } = {},
  ): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('JobQueue.send needs the manager of an open transaction');
    await this.boss.send(queue, data, {
      ...options,
      db: {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: (await runner.query(text, values, true)).records ?? [],
        }),
      },
    });
  }

  /**
   * Runs `handler` for each job of a queue. pg-boss hands out up to 20 jobs per poll; they run side by side,
   * and each one that throws is failed on its own, so pg-boss retries it with backoff and the others complete.
   */
  async work<T extends object>(queue: QueueName, handler: (data: T) => Promise<void>): Promise<void> {
    await this.boss.work<T>(
      queue,
      { pollingIntervalSeconds: this.settings.pollingIntervalSeconds, batchSize: 20 },
      async (jobs) => {
        await Promise.all(
          jobs.map(async (job) => {
            try {
              await handler(job.data);
            } catch (error) {
              this.logger.warn({ err: error, queue, jobId: job.id }, 'job failed; pg-boss will retry it');
              await this.boss.fail(queue, job.id, { message: String((error as Error).message) });
            }
          }),
        );
      },
    );
  }

  /** A cron schedule in Europe/Oslo time. */
  async schedule(queue: QueueName, cron: string): Promise<void> {
    await this.boss.schedule(queue, cron, {}, { tz: 'Europe/Oslo' });
  }

  async unschedule(queue: QueueName): Promise<void> {
    await this.boss.unschedule(queue);
  }
}
