import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config';
import { entities } from './entities';

/** The one DataSource of the process. The schema comes only from migrations, never from synchronize. */
export function createDataSource(url: string, poolSize = 20, timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: {
      max: poolSize,
      application_name: 'partnerweb',
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.queryMs,
    },
  });
}

/** Applies the migrations that have not run yet; returns the names of those applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
