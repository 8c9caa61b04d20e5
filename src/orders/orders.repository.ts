import type { SqlExecutor } from '../db/sql-executor';

/**
 * Every statement on the `card_order` table (data-orders owns this file; the methods below were added by
 * data-records for their callers, named on each).
 */
export class OrdersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Of these cards, those with a renewal pending or approved (a rejected one does not count).
   * Caller: the expiry-notice job (src/cards/card-jobs.ts).
   */
  async cardIdsWithRenewalUnderWay(cardIds: readonly string[]): Promise<string[]> {
    if (cardIds.length === 0) return [];
    const rows = await this.sql.rows<{ renews_card_id: string }>(
      `SELECT DISTINCT renews_card_id FROM card_order
        WHERE renews_card_id = ANY ($1::uuid[]) AND status IN ('pending', 'approved')`,
      [cardIds],
    );
    return rows.map((row) => row.renews_card_id);
  }
}
