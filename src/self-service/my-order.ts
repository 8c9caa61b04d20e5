import { deliveryAddressOf } from '../orders/order.dto';
import type { MyOrder } from './self-service.dto';

/** The columns of an order as the end user sees it; the caller adds WHERE (always on the national id). */
export const myOrderSql = `
  SELECT o.id, o.order_number, o.kind, o.status, o.created_at, o.decided_at, o.company, o.card_reader, o.renews_card_id,
         o.delivery_choice, o.delivery_name, o.delivery_street, o.delivery_postal_code, o.delivery_city,
         o.rejection_reason, o.rejection_message, cp.id AS product_id, cp.name AS product_name, p.name AS partner_name
    FROM card_order o
    JOIN end_user u ON u.id = o.end_user_id
    JOIN card_product cp ON cp.id = o.card_product_id
    JOIN partner p ON p.id = o.partner_id`;

export function toMyOrder(row: Record<string, never>): MyOrder {
  return {
    id: row.id,
    orderNumber: row.order_number,
    kind: row.kind,
    status: row.status,
    orderedAt: (row.created_at as Date).toISOString(),
    decidedAt: row.decided_at ? (row.decided_at as Date).toISOString() : null,
    company: row.company,
    cardReader: row.card_reader,
    cardProduct: { id: row.product_id, name: row.product_name, partnerName: row.partner_name },
    deliveryAddress: deliveryAddressOf(row),
    renewsCardId: row.renews_card_id,
    ...(row.status === 'rejected'
      ? { rejection: { reason: row.rejection_reason, message: row.rejection_message } }
      : {}),
  };
}
