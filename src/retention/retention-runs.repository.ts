import type { SqlExecutor } from '../db/sql-executor';

export interface RetentionRunCounts {
  endUsers: number;
  orders: number;
  cards: number;
  powersOfAttorney: number;
}

/** Every statement on the `retention_run` table: one row per run, with what it deleted. */
export class RetentionRunsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Records a run as started (all counts 0); answers its id. */
  async start(cutoff: string): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO retention_run (cutoff, end_users_deleted, orders_deleted, cards_deleted, powers_of_attorney_deleted)
       VALUES ($1, 0, 0, 0, 0) RETURNING id`,
      [cutoff],
    );
    if (!row) throw new Error('INSERT INTO retention_run … RETURNING id answered no row');
    return row.id;
  }

  async recordCounts(runId: string, counts: RetentionRunCounts): Promise<void> {
    await this.sql.execute(
      `UPDATE retention_run SET end_users_deleted = $2, orders_deleted = $3, cards_deleted = $4, powers_of_attorney_deleted = $5
        WHERE id = $1`,
      [runId, counts.endUsers, counts.orders, counts.cards, counts.powersOfAttorney],
    );
  }
}
