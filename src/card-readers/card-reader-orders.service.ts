import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { newestFirstPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { requireSingleLineText } from '../validation/text';
import type { CardReaderOrder, CardReaderOrderPage, CardReaderOrderRequest } from './card-reader-order.dto';

const COLUMNS = `r.id, r.order_number, r.card_product_id, r.quantity, r.unit_price_ore, r.status, r.delivery_name, r.delivery_street,
  r.delivery_postal_code, r.delivery_city, r.created_at, r.shipped_at, r.tracking_number, i.invoice_number`;
const FROM = `card_reader_order r LEFT JOIN invoice i ON i.id = r.invoice_id`;

function toOrder(row: Record<string, never>): CardReaderOrder {
  return {
    id: row.id,
    orderNumber: row.order_number,
    cardProductId: row.card_product_id,
    quantity: row.quantity,
    unitPriceOre: row.unit_price_ore,
    status: row.status,
    deliveryAddress: {
      name: row.delivery_name,
      street: row.delivery_street,
      postalCode: row.delivery_postal_code,
      city: row.delivery_city,
    },
    orderedAt: (row.created_at as Date).toISOString(),
    shippedAt: row.shipped_at ? (row.shipped_at as Date).toISOString() : null,
    trackingNumber: row.tracking_number,
    invoiceNumber: row.invoice_number,
  };
}

/** A partner's bulk orders of card readers for its own stock; they go on the invoice of the month ordered. */
export class CardReaderOrdersService {
  constructor(private readonly dataSource: DataSource) {}

  async place(partnerId: string, body: CardReaderOrderRequest, actor: Actor): Promise<CardReaderOrder> {
    const id = await this.dataSource.transaction(async (manager) => {
      const [product] = await manager.query(
        `SELECT cp.card_reader_allowed, cp.card_reader_price_ore, p.name, p.street, p.postal_code, p.city
           FROM card_product cp JOIN partner p ON p.id = cp.partner_id WHERE cp.id = $1 AND cp.partner_id = $2`,
        [body.cardProductId, partnerId],
      );
      if (!product) throw Problem.invalid('cardProductId', 'is not one of your card products');
      if (!product.card_reader_allowed) throw Problem.invalid('cardProductId', 'this card product has no card readers');
      if (!product.street) {
        throw new Problem(
          'order-not-possible',
          'Your organisation has no address to send the readers to: set it with PATCH /v1/partner first.',
        );
      }
      const [{ id }] = await manager.query(
        `INSERT INTO card_reader_order (partner_id, card_product_id, quantity, unit_price_ore, delivery_name, delivery_street,
                                        delivery_postal_code, delivery_city, ordered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          partnerId,
          body.cardProductId,
          body.quantity,
          product.card_reader_price_ore,
          product.name,
          product.street,
          product.postal_code,
          product.city,
          actor.id,
        ],
      );
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'card_reader_order',
        subjectId: id,
        action: 'placed',
        changes: { quantity: body.quantity, cardProductId: body.cardProductId },
      });
      return id as string;
    });
    return this.get(partnerId, id);
  }

  list(partnerId: string, options: { limit?: number; cursor?: string }): Promise<CardReaderOrderPage> {
    const query = {
      select: COLUMNS,
      from: FROM,
      where: 'r.partner_id = $1',
      values: [partnerId],
      at: 'r.created_at',
      id: 'r.id',
    };
    return newestFirstPage(this.dataSource, query, options, toOrder);
  }

  async get(partnerId: string, id: string): Promise<CardReaderOrder> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 AND r.partner_id = $2`, [
      id,
      partnerId,
    ]);
    if (!row) throw Problem.notFound(`Card-reader order ${id}`);
    return toOrder(row);
  }

  /** Operator: the readers are on their way. */
  async ship(id: string, trackingNumber: string, actor: Actor): Promise<CardReaderOrder> {
    requireSingleLineText('trackingNumber', trackingNumber, 40);
    const partnerId = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(`SELECT partner_id, status FROM card_reader_order WHERE id = $1 FOR UPDATE`, [
        id,
      ]);
      if (!row) throw Problem.notFound(`Card-reader order ${id}`);
      if (row.status !== 'ordered')
        throw new Problem('card-status-conflict', `Card-reader order ${id} is ${row.status} already.`);
      await manager.query(
        `UPDATE card_reader_order SET status = 'shipped', shipped_at = now(), tracking_number = $2 WHERE id = $1`,
        [id, trackingNumber],
      );
      await recordAudit(manager, actor, {
        partnerId: row.partner_id,
        subjectType: 'card_reader_order',
        subjectId: id,
        action: 'shipped',
        changes: { trackingNumber },
      });
      return row.partner_id as string;
    });
    return this.get(partnerId, id);
  }
}
