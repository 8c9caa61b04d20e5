import { deliveryAddressOf } from '../orders/order.mapper';
import type { MyOrderRow } from '../orders/orders.repository';
import type { MyOrder } from './self-service.dto';
import { isoTimestamp, isoTimestampOrNull } from '../common/iso-timestamp';

/** The one mapping of an order row to MyOrder, the order as its end user sees it. */
export function toMyOrder(row: MyOrderRow): MyOrder {
  return {
    id: row.id,
    orderNumber: row.order_number,
    kind: row.kind,
    status: row.status,
    orderedAt: isoTimestamp(row.created_at),
    decidedAt: isoTimestampOrNull(row.decided_at),
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
