import { inOsloMonth } from '../common/sql';
import type { SqlExecutor } from '../db/sql-executor';
import type { CardStatus } from '../glossary/card-terms';

/** A card as the events and the operator endpoints show it. */
export interface CardRow {
  id: string;
  serial_number: string;
  status: CardStatus;
  partner_id: string;
  card_product_id: string;
  end_user_id: string;
  order_id: string | null;
  /** YYYY-MM-DD */
  expires_on: string;
  tracking_number: string | null;
}

/** What the expiry notice says: the holder's name and address, the partner's and the card product's names. */
export interface ExpiryNoticeFactsRow {
  expiry_notice_at: Date | null;
  given_name: string;
  email: string | null;
  partner_name: string;
  product_name: string;
}

/** A card the expiry-notice job may notice, in the order it walks them. */
export interface ExpiryNoticeCandidateRow {
  id: string;
  /** YYYY-MM-DD */
  expires_on: string;
}

/** A card issued on an order and not invoiced yet, with the card product's prices. */
export interface UnbilledCardRow {
  id: string;
  serial_number: string;
  card_product_id: string;
  order_id: string;
  card_price_ore: number;
  card_reader_price_ore: number;
}

/** How a status change writes the card: the new status and the fields that change with it. */
export interface CardStatusWrite {
  status: CardStatus;
  action: 'shipped' | 'activated' | 'revoked' | 'expired';
  trackingNumber: string | null;
  reason: string | null;
}

const CARD_COLUMNS = `id, serial_number, status, partner_id, card_product_id, end_user_id, order_id, expires_on::text, tracking_number`;

/**
 * The card becomes renewable on day $1 under the renewal rule of `orderOptions`, as far as the card itself tells:
 * active, and $1 on or after the expiry date less the notice months (PostgreSQL clamps month ends as `addMonths`
 * does). The plain bound on `expires_on` (3 days past the months, the most a month-end clamp moves) lets the
 * index work. Whether a renewal is pending or approved is the orders repository's to say.
 */
const RENEWABLE_WINDOW = (months: number) => `c.status = 'active' AND c.expires_on >= $1::date
  AND c.expires_on <= ($1::date + make_interval(months => ${months}, days => 3))::date
  AND (c.expires_on - make_interval(months => ${months}))::date <= $1::date`;

// Cards issued (left production) on an order in month $2, not yet invoiced. Cards issued before self-service have
// no order: never billed.
const UNBILLED = (partner: string, month: string) =>
  `c.partner_id = ${partner} AND c.invoice_id IS NULL AND c.order_id IS NOT NULL AND ${inOsloMonth('c.issued_at', month)}`;

/** Every statement on the `card` table. */

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

/** A card a person holds, with the holder's number for a keyed-hash match (the roster's leavers). */
export interface HeldCardRow {
  id: string;
  serial_number: string;
  status: CardStatus;
  card_product_id: string;
  end_user_id: string;
  expires_on: string;
  holder_national_id: string;
}

export class CardsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** The card, locked for the rest of the transaction; undefined when there is none. */
  lock(cardId: string): Promise<CardRow | undefined> {
    return this.sql.first<CardRow>(`SELECT ${CARD_COLUMNS} FROM card WHERE id = $1 FOR UPDATE`, [cardId]);
  }

  /** Writes a status change with the time stamps and fields it sets; answers the card as it is now. */
  async writeStatus(cardId: string, change: CardStatusWrite): Promise<CardRow> {
    const updated = await this.sql.first<CardRow>(
      `UPDATE card SET status = $2::card_status, updated_at = now(),
              issued_at       = CASE WHEN $3 = 'shipped' THEN now() ELSE issued_at END,
              tracking_number = CASE WHEN $3 = 'shipped' THEN $4 ELSE tracking_number END,
              activated_at    = CASE WHEN $3 = 'activated' THEN now() ELSE activated_at END,
              revoked_at      = CASE WHEN $3 = 'revoked' THEN now() ELSE revoked_at END,
              revocation_reason = CASE WHEN $3 = 'revoked' THEN $5 ELSE revocation_reason END,
              expired_at      = CASE WHEN $3 = 'expired' THEN now() ELSE expired_at END
        WHERE id = $1 RETURNING ${CARD_COLUMNS}`,
      [cardId, change.status, change.action, change.trackingNumber, change.reason],
    );
    if (!updated) throw new Error(`card ${cardId} vanished inside its own transaction`);
    return updated;
  }

  /** Shipped or active cards whose expiry date is before `today`, oldest first. */
  async idsPastExpiry(today: string, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM card WHERE status IN ('shipped', 'active') AND expires_on < $1::date ORDER BY expires_on, id LIMIT $2`,
      [today, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Active cards in their renewal window on `today` (`months` before the expiry date) that were never noticed,
   * after the position `after` in (expires_on, id) order.
   */
  unnoticedInRenewalWindow(
    today: string,
    months: number,
    after: ExpiryNoticeCandidateRow | undefined,
    limit: number,
  ): Promise<ExpiryNoticeCandidateRow[]> {
    return this.sql.rows<ExpiryNoticeCandidateRow>(
      `SELECT c.id, c.expires_on::text FROM card c
        WHERE ${RENEWABLE_WINDOW(months)} AND c.expiry_notice_at IS NULL
          AND ($2::date IS NULL OR (c.expires_on, c.id) > ($2::date, $3::uuid))
        ORDER BY c.expires_on, c.id LIMIT $4`,
      [today, after?.expires_on ?? null, after?.id ?? null, limit],
    );
  }

  /** Whether the card is (still) active, in its renewal window on `today` and never noticed. */
  async inRenewalWindowUnnoticed(cardId: string, today: string, months: number): Promise<boolean> {
    const row = await this.sql.first(
      `SELECT 1 FROM card c WHERE c.id = $2 AND ${RENEWABLE_WINDOW(months)} AND c.expiry_notice_at IS NULL`,
      [today, cardId],
    );
    return row !== undefined;
  }

  /** What the expiry notice of the card says. The end user's name and address are read along (a join, no write). */
  expiryNoticeFacts(cardId: string): Promise<ExpiryNoticeFactsRow | undefined> {
    return this.sql.first<ExpiryNoticeFactsRow>(
      `SELECT c.expiry_notice_at, u.given_name, u.email, p.name AS partner_name, cp.name AS product_name
         FROM card c JOIN end_user u ON u.id = c.end_user_id JOIN partner p ON p.id = c.partner_id
         JOIN card_product cp ON cp.id = c.card_product_id
        WHERE c.id = $1`,
      [cardId],
    );
  }

  async markExpiryNoticed(cardId: string): Promise<void> {
    await this.sql.execute(`UPDATE card SET expiry_notice_at = now() WHERE id = $1`, [cardId]);
  }

  /** The production-line simulator: cards in production, or shipped, for at least `seconds`. */
  async idsInStatusFor(status: 'in_production' | 'shipped', seconds: number, limit: number): Promise<string[]> {
    const since = status === 'in_production' ? 'created_at' : 'issued_at';
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM card WHERE status = $1::card_status AND ${since} <= now() - make_interval(secs => $2) LIMIT $3`,
      [status, seconds, limit],
    );
    return rows.map((row) => row.id);
  }

  /** The card an order produced, if any. */
  async idOfOrder(orderId: string): Promise<string | undefined> {
    return (await this.sql.first<{ id: string }>(`SELECT id FROM card WHERE order_id = $1`, [orderId]))?.id;
  }

  // ---- invoicing (src/invoices/invoicing.ts)

  /** The partners with cards to bill for the month starting `periodStart`. */
  async partnersWithUnbilledCards(periodStart: string): Promise<string[]> {
    const rows = await this.sql.rows<{ partner_id: string }>(
      `SELECT DISTINCT c.partner_id FROM card c
        WHERE c.invoice_id IS NULL AND c.order_id IS NOT NULL AND ${inOsloMonth('c.issued_at', '$1')}`,
      [periodStart],
    );
    return rows.map((row) => row.partner_id);
  }

  /** The partner's cards to bill for the month, locked, in the order they were issued. */
  unbilledForUpdate(partnerId: string, periodStart: string): Promise<UnbilledCardRow[]> {
    return this.sql.rows<UnbilledCardRow>(
      `SELECT c.id, c.serial_number, c.card_product_id, c.order_id, cp.card_price_ore, cp.card_reader_price_ore
         FROM card c JOIN card_product cp ON cp.id = c.card_product_id
        WHERE ${UNBILLED('$1', '$2')}
        ORDER BY c.issued_at, c.id
        FOR UPDATE OF c`,
      [partnerId, periodStart],
    );
  }

  async markInvoiced(cardIds: readonly string[], invoiceId: string): Promise<void> {
    await this.sql.execute(`UPDATE card SET invoice_id = $2 WHERE id = ANY ($1::uuid[])`, [cardIds, invoiceId]);
  }

  // ---- retention (src/retention/retention.ts)

  async idsOfEndUser(endUserId: string): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(`SELECT id FROM card WHERE end_user_id = $1`, [endUserId]);
    return rows.map((row) => row.id);
  }

  deleteOfEndUser(endUserId: string): Promise<number> {
    return this.sql.execute(`DELETE FROM card WHERE end_user_id = $1`, [endUserId]);
  }

  // ---- demo data (src/demo/seed.ts)

  /** A card issued before self-service ordering (no order), active, for the demo. */
  async insertLegacyActive(card: {
    /** The demo data's fixed id, which the spec's Try-it-out examples name. */
    id: string;
    endUserId: string;
    cardProductId: string;
    partnerId: string;
    expiresInDays: number;
    issuedDaysAgo: number;
  }): Promise<void> {
    await this.sql.execute(
      `INSERT INTO card (id, end_user_id, card_product_id, partner_id, status, expires_on, issued_at, created_at)
       VALUES ($6, $1, $2, $3, 'active', current_date + $4::int, now() - make_interval(days => $5), now() - make_interval(days => $5))`,
      [card.endUserId, card.cardProductId, card.partnerId, card.expiresInDays, card.issuedDaysAgo, card.id],
    );
  }

  /** Demo only: the order's card moved into the past, as far along as `status`, valid from `decidedAt`. */
  async backdateOfOrder(orderId: string, status: CardStatus, decidedAt: Date): Promise<void> {
    await this.sql.execute(
      `UPDATE card SET status = $2::card_status, created_at = $3,
              issued_at = CASE WHEN $2 = 'in_production' THEN NULL ELSE $3::timestamptz + interval '5 days' END,
              expires_on = (($3::timestamptz AT TIME ZONE 'Europe/Oslo')::date
                            + make_interval(months => (SELECT validity_months FROM card_product WHERE id = card.card_product_id)))::date
        WHERE order_id = $1`,
      [orderId, status, decidedAt],
    );
  }

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

  /** The end user's cards on the partner's card products, newest first. */
  ofEndUserForPartner(endUserId: string, partnerId: string): Promise<EndUserCardRow[]> {
    return this.sql.rows<EndUserCardRow>(
      `SELECT id, serial_number, status, expires_on::text AS expires_on, card_product_id FROM card
        WHERE end_user_id = $1 AND partner_id = $2 ORDER BY created_at DESC, id DESC`,
      [endUserId, partnerId],
    );
  }

  // ---- the roster's leavers and a partner's revocation (src/roster/roster.service.ts, scim)

  /**
   * The partner's cards still in use (in production, shipped, active) with the holder's national identity number,
   * which the roster service hashes (keyed) to compare with a leaver's hash; it never leaves the service.
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

  /** Is the card one of the partner's? (Another partner's card is "not found".) */
  async isPartnersCard(partnerId: string, cardId: string): Promise<boolean> {
    const row = await this.sql.first<{ one: number }>(`SELECT 1 AS one FROM card WHERE partner_id = $1 AND id = $2`, [
      partnerId,
      cardId,
    ]);
    return row !== undefined;
  }
}
