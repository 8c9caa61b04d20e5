import type { SqlExecutor } from '../db/sql-executor';

export interface CardProductRow {
  id: string;
  partner_id: string;
  code: string;
  name: string;
}

/**
 * Statements on `card_product` (owned by data-records, issue 11). Created here by `scim` with only its own methods,
 * as RULES.md asks when the owner's file is not on main yet: the coordinator merges the two versions.
 */
export class CardProductsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** For approval policies (src/approval-policies/): the partner's card products. */
  ofPartner(partnerId: string): Promise<CardProductRow[]> {
    return this.sql.rows<CardProductRow>(
      `SELECT id, partner_id, code, name FROM card_product WHERE partner_id = $1 ORDER BY created_at, id`,
      [partnerId],
    );
  }

  /** For approval policies: one of the partner's card products, or undefined (another partner's: not found). */
  oneOfPartner(partnerId: string, cardProductId: string): Promise<CardProductRow | undefined> {
    return this.sql.first<CardProductRow>(
      `SELECT id, partner_id, code, name FROM card_product WHERE partner_id = $1 AND id::text = $2`,
      [partnerId, cardProductId],
    );
  }
}
