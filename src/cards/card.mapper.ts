import type { CardEventData } from '../webhooks/webhook-event.dto';
import type { CardRow } from './cards.repository';

/** A card as the card events (webhooks and the events feed) show it. */
export function toCardEventData(card: CardRow): CardEventData {
  return {
    cardId: card.id,
    serialNumber: card.serial_number,
    status: card.status,
    orderId: card.order_id,
    cardProductId: card.card_product_id,
    endUserId: card.end_user_id,
    expiresOn: card.expires_on,
    ...(card.tracking_number ? { trackingNumber: card.tracking_number } : {}),
  };
}
