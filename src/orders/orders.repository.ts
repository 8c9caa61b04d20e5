import type { SqlExecutor } from '../db/sql-executor';

/** The facts of an order an invoice line names (caller: src/invoices/invoicing.ts). */
export interface OrderBillingFactsRow {
  id: string;
  order_number: string;
  kind: string;
  company: string | null;
  card_reader: boolean;
}

/** An end user retention may delete (caller: src/retention/retention.ts). */
export interface RetentionDueRow {
  id: string;
  last_activity_at: Date;
}

export interface RetentionPreviewSampleRow extends RetentionDueRow {
  orders: number;
  cards: number;
}

/** The end users due for deletion at the cutoff day $1: see `retentionDue`. */
const RETENTION_DUE = `
  SELECT id, last_activity_at FROM (
    SELECT u.id, GREATEST(u.updated_at,
                          (SELECT max(coalesce(o.decided_at, o.created_at)) FROM card_order o WHERE o.end_user_id = u.id),
                          (SELECT max(c.updated_at) FROM card c WHERE c.end_user_id = u.id)) AS last_activity_at
      FROM end_user u
     WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.end_user_id = u.id AND c.status IN ('in_production', 'shipped', 'active'))
       AND NOT EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = u.id AND o.status = 'pending')
  ) candidates
  WHERE last_activity_at < ($1::date::timestamp AT TIME ZONE 'Europe/Oslo')`;

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

  /**
   * What an invoice line says about the order a card was issued on. Caller: the monthly invoicing
   * (src/invoices/invoicing.ts), which bills the cards and needs these four facts of each one's order.
   */
  billingFacts(orderIds: readonly string[]): Promise<OrderBillingFactsRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.sql.rows<OrderBillingFactsRow>(
      `SELECT id, order_number, kind::text AS kind, company, card_reader FROM card_order WHERE id = ANY ($1::uuid[])`,
      [orderIds],
    );
  }

  // ---- retention (src/retention/retention.ts): which end users are due, and their orders deleted with them

  /**
   * The end users retention may delete, with the time of their last activity: no card in production, shipped
   * or active, no pending order, and nothing happened to them (order, decision, card change, contact change)
   * before the start of the Oslo day `cutoff`. `endUserId` narrows them down to one (the re-check under lock).
   * Caller: src/retention/retention.ts.
   */
  retentionDue(cutoff: string, endUserId?: string): Promise<RetentionDueRow[]> {
    return this.sql.rows<RetentionDueRow>(
      `${RETENTION_DUE} ${endUserId === undefined ? '' : 'AND id = $2'} ORDER BY last_activity_at, id`,
      endUserId === undefined ? [cutoff] : [cutoff, endUserId],
    );
  }

  /** What a retention run with this cutoff would delete, counted. Caller: src/retention/retention.ts. */
  async retentionPreviewCounts(cutoff: string): Promise<{ end_users: number; orders: number; cards: number }> {
    const row = await this.sql.first<{ end_users: number; orders: number; cards: number }>(
      `WITH due AS (${RETENTION_DUE})
       SELECT (SELECT count(*)::int FROM due) AS end_users,
              (SELECT count(*)::int FROM card_order WHERE end_user_id IN (SELECT id FROM due)) AS orders,
              (SELECT count(*)::int FROM card WHERE end_user_id IN (SELECT id FROM due)) AS cards`,
      [cutoff],
    );
    return row ?? { end_users: 0, orders: 0, cards: 0 };
  }

  /** The first 100 end users a run would delete, each with their orders and cards counted. Caller: as above. */
  retentionPreviewSample(cutoff: string): Promise<RetentionPreviewSampleRow[]> {
    return this.sql.rows<RetentionPreviewSampleRow>(
      `WITH due AS (${RETENTION_DUE})
       SELECT d.id, d.last_activity_at,
              (SELECT count(*)::int FROM card_order WHERE end_user_id = d.id) AS orders,
              (SELECT count(*)::int FROM card WHERE end_user_id = d.id) AS cards
         FROM due d ORDER BY d.last_activity_at, d.id LIMIT 100`,
      [cutoff],
    );
  }

  /** Caller: src/retention/retention.ts, deleting an end user. */
  async idsOfEndUser(endUserId: string): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(`SELECT id FROM card_order WHERE end_user_id = $1`, [endUserId]);
    return rows.map((row) => row.id);
  }

  /** Lets go of the cards the end user's orders renew, so the cards can be deleted first. Caller: as above. */
  async detachRenewalsOfEndUser(endUserId: string): Promise<void> {
    await this.sql.execute(`UPDATE card_order SET renews_card_id = NULL WHERE end_user_id = $1`, [endUserId]);
  }

  /** Caller: as above, after the end user's cards are deleted. */
  deleteOfEndUser(endUserId: string): Promise<number> {
    return this.sql.execute(`DELETE FROM card_order WHERE end_user_id = $1`, [endUserId]);
  }

  /** Demo only: the decision moved to `decidedAt`. Caller: src/demo/seed.ts. */
  async backdateDecision(orderId: string, decidedAt: Date): Promise<void> {
    await this.sql.execute(`UPDATE card_order SET decided_at = $2, updated_at = $2 WHERE id = $1`, [
      orderId,
      decidedAt,
    ]);
  }
}
