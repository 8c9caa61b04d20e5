import 'reflect-metadata';
import { describeStartupFailure } from '../common/startup-error';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { JobQueue } from '../jobs/job-queue';
import { createLogger } from '../logger';
import { Outbox } from '../notifications/outbox';
import { seedDemoData } from './seed';

/** `npm run seed`: loads the demo data into DATABASE_URL or the embedded PostgreSQL, unless it is there. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, (message) => console.log(message));
  // The demo orders' notices are queued like any others; the server's workers send them.
  const jobQueue = new JobQueue(database.url, config.jobs, createLogger(config.logLevel));
  await jobQueue.start();
  const result = await seedDemoData(database.dataSource, new Outbox(jobQueue));
  console.log(result.seeded ? `demo data loaded: ${JSON.stringify(result)}` : 'demo data is there already');
  await jobQueue.stop();
  await database.close();
}

main().catch((error) => {
  console.error(`partnerweb seed: ${describeStartupFailure(error)}`);
  process.exit(1);
});
