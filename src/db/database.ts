import path from 'node:path';
import { DataSource } from 'typeorm';
import { CONNECTION_CODES, describeStartupFailure, StartupError } from '../common/startup-error';
import { Config } from '../config';
import { createDataSource, migrate } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface Database {
  dataSource: DataSource;
  /** The connection string, for pg-boss's own pool. */
  url: string;
  /** Where the data lives, for the start log (password hidden). */
  description: string;
  appliedMigrations: string[];
  close(): Promise<void>;
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL under the data folder; migrations applied. */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let description: string;
  if (url) {
    description = redact(url);
  } else {
    const dataDir = path.join(config.dataDir, 'postgres');
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPostgresPort,
      database: 'partnerweb',
      persistent: true,
      log,
    });
    url = embedded.url;
    stopEmbedded = () => embedded.stop();
    const where =
      embedded.dataDir === dataDir
        ? dataDir
        : `${embedded.dataDir} (linked from ${dataDir}: the postgres user cannot enter the checkout)`;
    description = `embedded PostgreSQL on port ${config.embeddedPostgresPort}, data in ${where}`;
  }
  const dataSource = createDataSource(url, 20, config.databaseTimeouts);
  try {
    await dataSource.initialize().catch((error: { code?: string; message?: string }) => {
      const reason =
        CONNECTION_CODES[error.code ?? ''] ?? error.message?.split('\n')[0] ?? describeStartupFailure(error);
      throw new StartupError(
        `cannot reach the database (${description}): ${reason}; check DATABASE_URL and that the server is running`,
      );
    });
    const appliedMigrations = await migrate(dataSource);
    if (appliedMigrations.length) log(`applied migrations: ${appliedMigrations.join(', ')}`);
    return {
      dataSource,
      url,
      description,
      appliedMigrations,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        if (stopEmbedded) await stopEmbedded();
      },
    };
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (stopEmbedded) await stopEmbedded();
    throw error;
  }
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL (unparseable)';
  }
}
