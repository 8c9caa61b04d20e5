import type { CardReaderOrder } from './card-reader-order.dto';
import type { CardReaderOrderRow } from './card-reader-orders.repository';
import { isoTimestamp, isoTimestampOrNull } from '../common/iso-timestamp';

export function toCardReaderOrder(row: CardReaderOrderRow): CardReaderOrder {
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
    orderedAt: isoTimestamp(row.created_at),
    shippedAt: isoTimestampOrNull(row.shipped_at),
    trackingNumber: row.tracking_number,
    invoiceNumber: row.invoice_number,
  };
}
