import type { SqlExecutor } from '../db/sql-executor';

/**
 * Every statement on the `card_order` table (data-orders owns this file; the method below was added by
 * data-platform for its caller, named on it).
 */
export class OrdersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** How many orders are in each status; a scan of the table (caller: src/observability/metrics.ts, cached 30 s). */
  countByStatus(): Promise<{ status: string; count: number }[]> {
    return this.sql.rows<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM card_order GROUP BY status`,
    );
  }
}
