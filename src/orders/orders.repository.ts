import type { SqlExecutor } from '../db/sql-executor';

/** A pending order as the approval policies' daily job sees it. */
export interface PendingOrderRow {
  id: string;
  order_number: string;
  partner_id: string;
  card_product_id: string;
  company: string;
  created_at: Date;
  end_user_name: string;
}

/**
 * Statements on `card_order` (owned by data-orders, issue 11). Created here by `scim` with only its own method, as
 * RULES.md asks when the owner's file is not on main yet: the coordinator merges the two versions.
 */
export class OrdersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * For the approval policies' daily job (src/approval-policies/approval-jobs.ts): every order still pending that
   * was placed before `before`, oldest first, with its end user's name for the reminder digest.
   */
  pendingPlacedBefore(before: Date): Promise<PendingOrderRow[]> {
    return this.sql.rows<PendingOrderRow>(
      `SELECT o.id, o.order_number, o.partner_id, o.card_product_id, o.company, o.created_at,
              u.given_name || ' ' || u.family_name AS end_user_name
         FROM card_order o JOIN end_user u ON u.id = o.end_user_id
        WHERE o.status = 'pending' AND o.created_at < $1
        ORDER BY o.created_at, o.id`,
      [before],
    );
  }
}
