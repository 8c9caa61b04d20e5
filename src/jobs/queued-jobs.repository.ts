import type { SqlExecutor } from '../db/sql-executor';

/** pg-boss's own job table (schema `pgboss`), read for the metrics; everything else goes through pg-boss's API. */
export class QueuedJobsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Jobs waiting to run (created, or failed and to be retried), by queue; queues with none are absent. */
  waitingByQueue(): Promise<{ queue: string; count: number }[]> {
    return this.sql.rows<{ queue: string; count: number }>(
      `SELECT name AS queue, count(*)::int AS count FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name`,
    );
  }
}
