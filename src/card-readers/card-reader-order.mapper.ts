import type { CardReaderOrder } from './card-reader-order.dto';
import type { CardReaderOrderRow } from './card-reader-orders.repository';

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
    orderedAt: row.created_at.toISOString(),
    shippedAt: row.shipped_at ? row.shipped_at.toISOString() : null,
    trackingNumber: row.tracking_number,
    invoiceNumber: row.invoice_number,
  };
}
