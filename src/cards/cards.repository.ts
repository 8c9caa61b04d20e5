import type { SqlExecutor } from '../db/sql-executor';
import type { CardStatus } from './card.entity';

/** One of an end user's cards with its card product and partner (self-service's My Page). */
export interface CardWithProductRow {
  id: string;
  serial_number: string;
  status: CardStatus;
  /** YYYY-MM-DD */
  expires_on: string;
  product_id: string;
  product_name: string;
  partner_name: string;
}

/** A card of an end user on one partner's card products (the partner's view of the end user). */
export interface EndUserCardRow {
  id: string;
  serial_number: string;
  status: CardStatus;
  /** YYYY-MM-DD */
  expires_on: string;
  card_product_id: string;
}

/** Every statement on the `card` table. */
export class CardsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  // ---- orders (src/orders/order-state-machine.ts)

  /**
   * The card of an approved order, in production: valid for the card product's validity, counted in Oslo calendar
   * months from the approval date. Runs in the approval's transaction.
   */
  async insertInProduction(order: {
    id: string;
    end_user_id: string;
    card_product_id: string;
    partner_id: string;
  }): Promise<void> {
    const inserted = await this.sql.execute(
      `INSERT INTO card (end_user_id, card_product_id, partner_id, order_id, status, expires_on)
       SELECT $1::uuid, cp.id, $3::uuid, $4::uuid, 'in_production'::card_status,
              ((now() AT TIME ZONE 'Europe/Oslo')::date + make_interval(months => cp.validity_months))::date
         FROM card_product cp WHERE cp.id = $2`,
      [order.end_user_id, order.card_product_id, order.partner_id, order.id],
    );
    if (inserted !== 1) throw new Error(`card product ${order.card_product_id} of order ${order.id} is gone`);
  }

  // ---- self-service (src/self-service/self-service.service.ts)

  /** A card the end user holds on the card product (in production, shipped or active), if any. */
  heldOnProduct(
    endUserId: string,
    cardProductId: string,
  ): Promise<{ serial_number: string; status: CardStatus } | undefined> {
    return this.sql.first<{ serial_number: string; status: CardStatus }>(
      `SELECT serial_number, status FROM card WHERE end_user_id = $1 AND card_product_id = $2 AND status IN ('in_production', 'shipped', 'active') LIMIT 1`,
      [endUserId, cardProductId],
    );
  }

  /** The end user's cards, newest first, with card product and partner names. */
  ofEndUserWithProduct(endUserId: string): Promise<CardWithProductRow[]> {
    return this.sql.rows<CardWithProductRow>(
      `SELECT c.id, c.serial_number, c.status, c.expires_on::text, cp.id AS product_id, cp.name AS product_name, p.name AS partner_name
         FROM card c JOIN card_product cp ON cp.id = c.card_product_id JOIN partner p ON p.id = c.partner_id
        WHERE c.end_user_id = $1 ORDER BY c.created_at DESC, c.id DESC`,
      [endUserId],
    );
  }

  // ---- end users (src/end-users/end-users.service.ts)

  /** The end user's cards on the partner's card products, newest first. */
  ofEndUserForPartner(endUserId: string, partnerId: string): Promise<EndUserCardRow[]> {
    return this.sql.rows<EndUserCardRow>(
      `SELECT id, serial_number, status, expires_on::text AS expires_on, card_product_id FROM card
        WHERE end_user_id = $1 AND partner_id = $2 ORDER BY created_at DESC, id DESC`,
      [endUserId, partnerId],
    );
  }
}
