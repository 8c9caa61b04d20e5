import { stopTracing } from './observability/tracing'; // first: tracing patches http, express and pg as they load
import 'reflect-metadata';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { describeStartupFailure } from './common/startup-error';
import { createLogger } from './logger';
import { createServices } from './services';
import { JobQueue } from './jobs/job-queue';
import { startWorkers } from './jobs/workers';

/**
 * `npm run worker`: the pg-boss workers and schedules without the HTTP API, for running them in processes
 * of their own (start the API with RUN_WORKERS=false then). Any number may run; pg-boss gives each job to one.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, (message) => logger.info(message));
  const jobQueue = new JobQueue(database.url, config.jobs, logger);
  await jobQueue.start();
  const services = createServices({ config, logger, dataSource: database.dataSource, jobQueue });
  await startWorkers(services);
  logger.info(`workers running; e-mail: ${services.mailer.describe()}`);
  const stop = async () => {
    await jobQueue.stop();
    await database.close();
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`partnerweb worker: could not start: ${describeStartupFailure(error)}`);
  process.exit(1);
});
