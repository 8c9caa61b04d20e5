import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';
import { migrations } from '../../migrations';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config';
import { withoutTimeouts } from './database-unavailable';
import { watchedClientClass } from './query-watchdog';
import { poolTypes } from './timestamptz';

/**
 * The one DataSource of the process. The schema comes only from migrations, never from synchronize. No entities:
 * every table is read and written by its repository in plain SQL (docs/adr/0001-repositories-over-sql.md).
 */
export function createDataSource(
  url: string,
  poolSize = 20,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [],
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: {
      max: poolSize,
      application_name: 'partnerweb',
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      // Not pg's query_timeout (a timer per query): one watchdog per pool (query-watchdog.ts).
      Client: watchedClientClass(timeouts.queryMs),
      types: poolTypes(),
    },
  });
}

/**
 * The advisory lock key of migrations (any fixed number). It was written 0x70772d6d696772 ("pw-migr" in ASCII hex),
 * which a double cannot hold: this is the number that literal always was, so every version takes the same lock.
 */
const MIGRATION_LOCK = 31656234384451440;

/**
 * Applies the migrations that have not run yet; returns the names of those applied. Several instances may start
 * at once on one database: each waits for a PostgreSQL advisory lock, so one migrates and the others then find
 * nothing to do. The lock and the migrations share one session, free of the request timeouts (a migration that
 * builds an index may take minutes; the lock may be held that long by another instance).
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    return await withoutTimeouts(client, async () => {
      // try-lock in a loop rather than pg_advisory_lock: a waiting session stays responsive to a stop.
      const tryLock = async () =>
        (
          (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK])) as { locked: boolean }[]
        )[0].locked;
      while (!(await tryLock())) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      try {
        const executor = new MigrationExecutor(dataSource, runner);
        executor.transaction = 'each';
        return (await executor.executePendingMigrations()).map((m) => m.name);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    });
  } finally {
    await runner.release();
  }
}
