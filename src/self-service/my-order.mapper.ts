import { deliveryAddressOf } from '../orders/order.mapper';
import type { MyOrderRow } from '../orders/orders.repository';
import type { MyOrder } from './self-service.dto';

/** The one mapping of an order row to MyOrder, the order as its end user sees it. */
export function toMyOrder(row: MyOrderRow): MyOrder {
  return {
    id: row.id,
    orderNumber: row.order_number,
    kind: row.kind,
    status: row.status,
    orderedAt: row.created_at.toISOString(),
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    company: row.company,
    cardReader: row.card_reader,
    cardProduct: { id: row.product_id, name: row.product_name, partnerName: row.partner_name },
    deliveryAddress: deliveryAddressOf(row),
    renewsCardId: row.renews_card_id,
    ...(row.status === 'rejected' && row.rejection_reason
      ? { rejection: { reason: row.rejection_reason, message: row.rejection_message ?? '' } }
      : {}),
  };
}
