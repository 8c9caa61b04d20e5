import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { CardProductsRepository } from '../partners/card-products.repository';
import { requireSingleLineText } from '../validation/text';
import type { CardReaderOrder, CardReaderOrderPage, CardReaderOrderRequest } from './card-reader-order.dto';
import { toCardReaderOrder } from './card-reader-order.mapper';
import { CardReaderOrdersRepository } from './card-reader-orders.repository';

/** A partner's bulk orders of card readers for its own stock; they go on the invoice of the month ordered. */
export class CardReaderOrdersService {
  private readonly orders: CardReaderOrdersRepository;

  constructor(private readonly dataSource: DataSource) {
    this.orders = new CardReaderOrdersRepository(poolExecutor(dataSource));
  }

  async place(partnerId: string, body: CardReaderOrderRequest, actor: Actor): Promise<CardReaderOrder> {
    const id = await inTransaction(this.dataSource, async (tx, manager) => {
      const product = await new CardProductsRepository(tx).findOfPartner(partnerId, body.cardProductId);
      if (!product) throw Problem.invalid('cardProductId', 'is not one of your card products');
      if (!product.card_reader_allowed) throw Problem.invalid('cardProductId', 'this card product has no card readers');
      if (!product.partner_street || !product.partner_postal_code || !product.partner_city) {
        throw new Problem(
          'order-not-possible',
          'Your organisation has no address to send the readers to: set it with PATCH /v1/partner first.',
        );
      }
      const id = await new CardReaderOrdersRepository(tx).insert({
        partnerId,
        cardProductId: body.cardProductId,
        quantity: body.quantity,
        unitPriceOre: product.card_reader_price_ore,
        delivery: {
          name: product.partner_name,
          street: product.partner_street,
          postalCode: product.partner_postal_code,
          city: product.partner_city,
        },
        orderedBy: actor.id,
      });
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'card_reader_order',
        subjectId: id,
        action: 'placed',
        changes: { quantity: body.quantity, cardProductId: body.cardProductId },
      });
      return id;
    });
    return this.get(partnerId, id);
  }

  async list(partnerId: string, options: { limit?: number; cursor?: string }): Promise<CardReaderOrderPage> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.orders.pageOfPartner(partnerId, decodeCursor(options.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }), toCardReaderOrder);
  }

  async get(partnerId: string, id: string): Promise<CardReaderOrder> {
    const row = await this.orders.findOfPartner(partnerId, id);
    if (!row) throw Problem.notFound(`Card-reader order ${id}`);
    return toCardReaderOrder(row);
  }

  /** Operator: the readers are on their way. */
  async ship(id: string, trackingNumber: string, actor: Actor): Promise<CardReaderOrder> {
    requireSingleLineText('trackingNumber', trackingNumber, 40);
    const partnerId = await inTransaction(this.dataSource, async (tx, manager) => {
      const orders = new CardReaderOrdersRepository(tx);
      const row = await orders.lock(id);
      if (!row) throw Problem.notFound(`Card-reader order ${id}`);
      if (row.status !== 'ordered')
        throw new Problem('card-status-conflict', `Card-reader order ${id} is ${row.status} already.`);
      await orders.markShipped(id, trackingNumber);
      await recordAudit(manager, actor, {
        partnerId: row.partner_id,
        subjectType: 'card_reader_order',
        subjectId: id,
        action: 'shipped',
        changes: { trackingNumber },
      });
      return row.partner_id;
    });
    return this.get(partnerId, id);
  }
}
