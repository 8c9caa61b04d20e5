import 'reflect-metadata';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDataSource, migrate } from '../src/db/data-source';
import { seedDemoData } from '../src/demo/seed';
import { createLogger } from '../src/logger';
import { createServices } from '../src/services';
import { ctx, setContext } from './support/context';
import { createTestDatabase, TestDatabase } from './support/test-database';

let database: TestDatabase | undefined;

/** Mocha root hooks: one fresh database per run, migrated and loaded with the demo data. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    database = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: '100000' });
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrate(dataSource);
    await seedDemoData(dataSource);
    const services = createServices(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), dataSource);
    setContext({ app: createApp(services), services, dataSource });
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    try {
      await ctx().dataSource.destroy();
    } catch {
      // set-up failed before the data source existed
    }
    setContext(undefined);
    await database?.drop();
  },
};
