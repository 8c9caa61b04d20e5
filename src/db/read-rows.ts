import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A read-only query straight on the connection pool under the DataSource. The busiest endpoint (the order list)
 * uses it: TypeORM's query runner around a plain query cost more CPU per request than the query itself.
 */
export async function readRows<T = Record<string, unknown>>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return (await pool.query(text, values)).rows as T[];
}
