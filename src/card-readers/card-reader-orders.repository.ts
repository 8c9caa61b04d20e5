import type { CursorPosition } from '../common/pagination';
import { inOsloMonth } from '../common/sql';
import type { SqlExecutor } from '../db/sql-executor';
import type { CardReaderOrderStatus } from './card-reader-order.dto';

/** A stock order of card readers, with the number of the invoice it went on. */
export interface CardReaderOrderRow {
  id: string;
  order_number: string;
  card_product_id: string;
  quantity: number;
  unit_price_ore: number;
  status: CardReaderOrderStatus;
  delivery_name: string;
  delivery_street: string;
  delivery_postal_code: string;
  delivery_city: string;
  created_at: Date;
  shipped_at: Date | null;
  tracking_number: string | null;
  invoice_number: string | null;
}

export interface NewCardReaderOrder {
  partnerId: string;
  cardProductId: string;
  quantity: number;
  unitPriceOre: number;
  delivery: { name: string; street: string; postalCode: string; city: string };
  orderedBy: string;
}

/** A stock order not invoiced yet, as the invoice line shows it. */
export interface UnbilledCardReaderOrderRow {
  id: string;
  order_number: string;
  card_product_id: string;
  quantity: number;
  unit_price_ore: number;
}

const COLUMNS = `r.id, r.order_number, r.card_product_id, r.quantity, r.unit_price_ore, r.status, r.delivery_name, r.delivery_street,
  r.delivery_postal_code, r.delivery_city, r.created_at, r.shipped_at, r.tracking_number, i.invoice_number`;
const FROM = `card_reader_order r LEFT JOIN invoice i ON i.id = r.invoice_id`;

/** Every statement on the `card_reader_order` table. */
export class CardReaderOrdersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(order: NewCardReaderOrder): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO card_reader_order (partner_id, card_product_id, quantity, unit_price_ore, delivery_name, delivery_street,
                                      delivery_postal_code, delivery_city, ordered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        order.partnerId,
        order.cardProductId,
        order.quantity,
        order.unitPriceOre,
        order.delivery.name,
        order.delivery.street,
        order.delivery.postalCode,
        order.delivery.city,
        order.orderedBy,
      ],
    );
    if (!row) throw new Error('INSERT INTO card_reader_order … RETURNING id answered no row');
    return row.id;
  }

  /** Up to `limit` of the partner's stock orders after `after`, newest first. */
  pageOfPartner(partnerId: string, after: CursorPosition | undefined, limit: number): Promise<CardReaderOrderRow[]> {
    return this.sql.rows<CardReaderOrderRow>(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE r.partner_id = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2, $3::uuid))
        ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
      [partnerId, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  findOfPartner(partnerId: string, id: string): Promise<CardReaderOrderRow | undefined> {
    return this.sql.first<CardReaderOrderRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 AND r.partner_id = $2`, [
      id,
      partnerId,
    ]);
  }

  /** The order's partner and status, locked for the rest of the transaction. */
  lock(id: string): Promise<{ partner_id: string; status: CardReaderOrderStatus } | undefined> {
    return this.sql.first<{ partner_id: string; status: CardReaderOrderStatus }>(
      `SELECT partner_id, status FROM card_reader_order WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  async markShipped(id: string, trackingNumber: string): Promise<void> {
    await this.sql.execute(
      `UPDATE card_reader_order SET status = 'shipped', shipped_at = now(), tracking_number = $2 WHERE id = $1`,
      [id, trackingNumber],
    );
  }

  // ---- invoicing (src/invoices/invoicing.ts)

  /** The partners with stock orders placed in the month starting `periodStart` and not invoiced yet. */
  async partnersWithUnbilledOrders(periodStart: string): Promise<string[]> {
    const rows = await this.sql.rows<{ partner_id: string }>(
      `SELECT DISTINCT r.partner_id FROM card_reader_order r
        WHERE r.invoice_id IS NULL AND ${inOsloMonth('r.created_at', '$1')}`,
      [periodStart],
    );
    return rows.map((row) => row.partner_id);
  }

  /** The partner's stock orders to bill for the month, locked, in the order they were placed. */
  unbilledForUpdate(partnerId: string, periodStart: string): Promise<UnbilledCardReaderOrderRow[]> {
    return this.sql.rows<UnbilledCardReaderOrderRow>(
      `SELECT r.id, r.order_number, r.card_product_id, r.quantity, r.unit_price_ore FROM card_reader_order r
        WHERE r.partner_id = $1 AND r.invoice_id IS NULL AND ${inOsloMonth('r.created_at', '$2')}
        ORDER BY r.created_at, r.id
        FOR UPDATE`,
      [partnerId, periodStart],
    );
  }

  async markInvoiced(ids: readonly string[], invoiceId: string): Promise<void> {
    await this.sql.execute(`UPDATE card_reader_order SET invoice_id = $2 WHERE id = ANY ($1::uuid[])`, [
      ids,
      invoiceId,
    ]);
  }
}
