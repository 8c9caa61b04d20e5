import { stopTracing } from './observability/tracing'; // first: tracing patches http, express and pg as they load
import 'reflect-metadata';
import type { Server } from 'node:http';
import { createApp } from './app';
import { listenApp } from './common/app-server';
import { describeStartupFailure } from './common/startup-error';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { DEMO_CLIENTS, DEMO_OPERATOR_CLIENT, DEMO_PEOPLE } from './demo/demo-data';
import { JobQueue } from './jobs/job-queue';
import { startWorkers } from './jobs/workers';
import { Outbox } from './notifications/outbox';
import { syntheticNationalId } from './validation/national-id';
import { seedDemoData } from './demo/seed';
import { createLogger } from './logger';
import { createServices } from './services';

/** config → database (embedded or DATABASE_URL) → migrations → job queue → demo data → HTTP → workers. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`partnerweb: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, (message) => logger.info(message));
  logger.info(`database: ${database.description}`);
  const jobQueue = new JobQueue(database.url, config.jobs, logger);
  await jobQueue.start();
  if (config.seedDemoData) {
    const seeded = await seedDemoData(database.dataSource, new Outbox(jobQueue));
    if (seeded.seeded)
      logger.info(
        `demo data loaded: ${seeded.partners} partners, ${seeded.endUsers} end users, ${seeded.orders} orders`,
      );
  }
  const services = createServices({ config, logger, dataSource: database.dataSource, jobQueue });
  const app = createApp(services);
  if (config.jobs.runWorkers) await startWorkers(services);
  logger.info(`e-mail: ${services.mailer.describe()}`);
  const metricsServer = config.metrics
    ? await services.metrics!.serve(config.metrics.port, config.metrics.host)
    : undefined;
  if (config.metrics) logger.info(`Prometheus metrics: http://${config.metrics.host}:${config.metrics.port}/metrics`);
  const server: Server = listenApp(app, config.port, config.host, (error?: Error) => {
    if (error) {
      console.error(`partnerweb: could not start: ${describeStartupFailure(error)}`);
      void jobQueue.stop().finally(() => database.close().finally(() => process.exit(1)));
      return;
    }
    const base = `http://localhost:${config.port}`;
    logger.info(`Partnerweb API listening on ${base} (ready in ${Date.now() - startedAt} ms)`);
    logger.info(`Swagger UI: ${base}/docs   OpenAPI: ${base}/openapi.json`);
    if (config.seedDemoData) {
      for (const client of DEMO_CLIENTS) {
        logger.info(`demo client (development only): client id ${client.clientId}, secret ${client.secret}`);
      }
      logger.info(
        `demo operator client (development only): client id ${DEMO_OPERATOR_CLIENT.clientId}, secret ${DEMO_OPERATOR_CLIENT.secret}`,
      );
      const demo = DEMO_CLIENTS[0];
      logger.info(
        `try: curl -s -u ${demo.clientId}:${demo.secret} -d grant_type=client_credentials ${base}/oauth/token`,
      );
    }
    if (services.devIdentityProvider) {
      const kari = syntheticNationalId(DEMO_PEOPLE[0].birthDate, 1);
      logger.info(
        `end-user sign-in (development identity provider): curl -s -d nationalId=${kari} ${base}/dev-idp/token`,
      );
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    metricsServer?.close();
    server.close(() => {
      jobQueue
        .stop()
        .then(() => database.close())
        .then(stopTracing)
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    server.closeAllConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`partnerweb: could not start: ${describeStartupFailure(error)}`);
  process.exit(1);
});
