import type { OpenOrderRow } from '../orders/orders.repository';
import type { OpenOrder } from './order-options';
import type { MyCard, OrderOption } from './self-service.dto';

/** The columns of one of the end user's cards with its card product and partner (read by the cards repository). */
export interface MyCardColumns {
  id: string;
  serial_number: string;
  status: MyCard['status'];
  /** YYYY-MM-DD */
  expires_on: string;
  product_id: string;
  product_name: string;
  partner_name: string;
}

/** The one mapping of a card row to MyCard, with the orders its rules allow now (`orderOptions`). */
export function toMyCard(row: MyCardColumns, options: { renewal: OrderOption; additional: OrderOption }): MyCard {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    status: row.status,
    expiresOn: row.expires_on,
    cardProduct: { id: row.product_id, name: row.product_name, partnerName: row.partner_name },
    ...options,
  };
}

/** An open order row as the order options read it. */
export function toOpenOrder(row: OpenOrderRow): OpenOrder {
  return {
    kind: row.kind,
    status: row.status,
    orderNumber: row.order_number,
    renewsCardId: row.renews_card_id,
    cardProductId: row.card_product_id,
    cardId: row.card_id,
  };
}
