import 'reflect-metadata';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDataSource, migrate } from '../src/db/data-source';
import { seedDemoData } from '../src/demo/seed';
import { JobQueue } from '../src/jobs/job-queue';
import { startWorkers } from '../src/jobs/workers';
import { createLogger } from '../src/logger';
import { Outbox } from '../src/notifications/outbox';
import { createServices } from '../src/services';
import { ctx, setContext } from './support/context';
import { MailCatcher } from './support/mail-catcher';
import { TestClock } from './support/test-clock';
import { createTestDatabase, TestDatabase } from './support/test-database';

let database: TestDatabase | undefined;

/** The settings of the test app: fast job polling, three days of webhook retries shrunk to seconds. */
export function testEnvironment(databaseUrl: string, smtpUrl: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_FAILURES_PER_MINUTE: '100000',
    // Every test run comes from one address; the key and credential tests alone ask for more tokens than 60 a minute.
    TOKEN_REQUESTS_PER_MINUTE: '100000',
    JOB_POLLING_INTERVAL_SECONDS: '0.5',
    JOB_MAINTENANCE_INTERVAL_SECONDS: '1',
    JOB_EXPIRE_IN_SECONDS: '4',
    JOB_RETRY_DELAY_SECONDS: '1',
    WEBHOOK_RETRY_DELAY_SCALE: '0.0002',
    WEBHOOK_TIMEOUT_MS: '2000',
  };
}

/**
 * Mocha root hooks: one fresh database per run, migrated and loaded with the demo data; a real SMTP
 * listener for the e-mail; pg-boss workers running as in the server.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    database = await createTestDatabase();
    const mail = await new MailCatcher().start();
    const config = loadConfig(testEnvironment(database.url, mail.url));
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrate(dataSource);
    const jobQueue = new JobQueue(database.url, config.jobs, logger);
    await jobQueue.start();
    await seedDemoData(dataSource, new Outbox(jobQueue));
    const clock = new TestClock();
    const services = createServices({ config, logger, dataSource, jobQueue, clock });
    await startWorkers(services);
    setContext({ app: createApp(services), services, dataSource, mail, clock, databaseUrl: database.url });
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    try {
      await ctx().services.jobQueue.stop();
      await ctx().mail.stop();
      await ctx().dataSource.destroy();
    } catch {
      // set-up failed before these existed
    }
    setContext(undefined);
    await database?.drop();
  },
};
