import type { CardRow } from '../cards/cards.repository';
import type { OperatorCard } from './operator.dto';

/** A card as the operator endpoints answer it. */
export function toOperatorCard(card: CardRow): OperatorCard {
  return {
    id: card.id,
    serialNumber: card.serial_number,
    status: card.status,
    partnerId: card.partner_id,
    expiresOn: card.expires_on,
    trackingNumber: card.tracking_number,
  };
}
