import 'reflect-metadata';
import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { DEMO_CLIENTS } from './demo/demo-data';
import { seedDemoData } from './demo/seed';
import { createLogger } from './logger';
import { createServices } from './services';

/** config → database (embedded or DATABASE_URL) → migrations → demo data → HTTP. */
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
  if (config.seedDemoData) {
    const seeded = await seedDemoData(database.dataSource);
    if (seeded.seeded) logger.info(`demo data loaded: ${seeded.partners} partners, ${seeded.endUsers} end users, ${seeded.orders} orders`);
  }
  const app = createApp(createServices(config, logger, database.dataSource));
  const server: Server = app.listen(config.port, config.host, () => {
    const base = `http://localhost:${config.port}`;
    logger.info(`Partnerweb API listening on ${base} (ready in ${Date.now() - startedAt} ms)`);
    logger.info(`Swagger UI: ${base}/docs   OpenAPI: ${base}/openapi.json`);
    if (config.seedDemoData) {
      for (const client of DEMO_CLIENTS) {
        logger.info(`demo client (development only): client id ${client.clientId}, secret ${client.secret}`);
      }
      const demo = DEMO_CLIENTS[0];
      logger.info(`try: curl -s -u ${demo.clientId}:${demo.secret} -d grant_type=client_credentials ${base}/oauth/token`);
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    server.close(() => {
      database.close().then(
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
  console.error('partnerweb: could not start:', error);
  process.exit(1);
});
