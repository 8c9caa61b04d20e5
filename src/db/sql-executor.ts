import type { Pool, QueryResultRow } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Where a repository runs its SQL: the connection pool for a statement on its own, or the connection of an
 * open transaction. Repositories take one in their constructor, so the same repository works inside and
 * outside a transaction (`new OrdersRepository(transactionExecutor(manager))`).
 */
export interface SqlExecutor {
  /** The rows of a query, typed by the repository that owns the SQL. */
  rows<T extends QueryResultRow>(text: string, values?: readonly unknown[]): Promise<T[]>;
  /** The first row of a query, or undefined when there is none. */
  first<T extends QueryResultRow>(text: string, values?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement and answers how many rows it inserted, changed or deleted. */
  execute(text: string, values?: readonly unknown[]): Promise<number>;
}

/**
 * Statements straight on the pg pool under the DataSource. The busiest endpoint (the order list) reads this way:
 * TypeORM's query runner around a plain query cost more CPU per request than the query itself (BENCHMARKS.md).
 */
export function poolExecutor(dataSource: DataSource): SqlExecutor {
  const pool = (): Pool => (dataSource.driver as PostgresDriver).master as Pool;
  return {
    rows: async <T extends QueryResultRow>(text: string, values: readonly unknown[] = []) =>
      (await pool().query<T>(text, values as unknown[])).rows,
    first: async <T extends QueryResultRow>(text: string, values: readonly unknown[] = []) =>
      (await pool().query<T>(text, values as unknown[])).rows[0] as T | undefined,
    execute: async (text: string, values: readonly unknown[] = []) =>
      (await pool().query(text, values as unknown[])).rowCount ?? 0,
  };
}

interface StructuredResult {
  records: unknown[];
  affected?: number;
}

/** Statements on the connection of a transaction that TypeORM opened (`dataSource.transaction(manager => …)`). */
export function transactionExecutor(manager: EntityManager): SqlExecutor {
  const run = async (text: string, values: readonly unknown[]): Promise<StructuredResult> => {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('transactionExecutor needs the EntityManager of an open transaction');
    // useStructuredResult: the rows and the affected count alike for SELECT, INSERT, UPDATE and DELETE.
    return (await runner.query(text, values as unknown[], true)) as StructuredResult;
  };
  return {
    rows: async <T extends QueryResultRow>(text: string, values: readonly unknown[] = []) =>
      (await run(text, values)).records as T[],
    first: async <T extends QueryResultRow>(text: string, values: readonly unknown[] = []) =>
      (await run(text, values)).records[0] as T | undefined,
    execute: async (text: string, values: readonly unknown[] = []) => (await run(text, values)).affected ?? 0,
  };
}

/** Runs `work` in one transaction; it gets the executor for repositories and the EntityManager for the outbox. */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (tx: SqlExecutor, manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction((manager) => work(transactionExecutor(manager), manager));
}
