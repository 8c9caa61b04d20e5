import type { CardStatus } from './card.entity';
import type { SqlExecutor } from '../db/sql-executor';

/** A card a person holds, with the holder's number for a keyed-hash match (never leaves the service). */
export interface HeldCardRow {
  id: string;
  serial_number: string;
  status: CardStatus;
  card_product_id: string;
  end_user_id: string;
  expires_on: string;
  holder_national_id: string;
}

/**
 * Statements on `card` (owned by data-records, issue 11). Created here by `scim` with only its own methods, as
 * RULES.md asks when the owner's file is not on main yet: the coordinator merges the two versions.
 */
export class CardsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * For the roster's leavers (src/roster/roster.service.ts): the partner's cards that are still in use (in
   * production, shipped, active), with the holder's national identity number, to be hashed and compared with a
   * roster member's keyed hash in the service.
   */
  heldCardsOfPartner(partnerId: string): Promise<HeldCardRow[]> {
    return this.sql.rows<HeldCardRow>(
      `SELECT c.id, c.serial_number, c.status, c.card_product_id, c.end_user_id, c.expires_on::text, u.national_id AS holder_national_id
         FROM card c JOIN end_user u ON u.id = c.end_user_id
        WHERE c.partner_id = $1 AND c.status IN ('in_production', 'shipped', 'active')
        ORDER BY c.created_at, c.id`,
      [partnerId],
    );
  }

  /** For a partner's revocation (src/roster/roster.service.ts): the card's id if it is one of the partner's. */
  async isPartnersCard(partnerId: string, cardId: string): Promise<boolean> {
    const row = await this.sql.first<{ one: number }>(
      `SELECT 1 AS one FROM card WHERE partner_id = $1 AND id::text = $2`,
      [partnerId, cardId],
    );
    return row !== undefined;
  }
}
