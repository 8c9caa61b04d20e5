import type { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '../audit/audit';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import type { CardEventData } from '../webhooks/webhook-event.dto';
import { CardStatus } from './card.entity';

/**
 * The card's life after approval; every status change goes through `transitionCard`, in the caller's
 * transaction, with its audit event and its webhook event.
 *
 *   in_production ──ship──▶ shipped ──activate──▶ active ──(expiry date passed)──▶ expired
 *         └───────────────────┴────────revoke─────────┴──▶ revoked
 */
export type CardChange =
  | { action: 'shipped'; trackingNumber: string }
  | { action: 'activated' }
  | { action: 'revoked'; reason: string }
  | { action: 'expired' };

const ALLOWED_FROM: Record<CardChange['action'], CardStatus[]> = {
  shipped: ['in_production'],
  activated: ['shipped'],
  revoked: ['in_production', 'shipped', 'active'],
  expired: ['shipped', 'active'],
};

const STATUS_AFTER: Record<CardChange['action'], CardStatus> = {
  shipped: 'shipped',
  activated: 'active',
  revoked: 'revoked',
  expired: 'expired',
};

const EVENT_OF = {
  shipped: 'card.shipped',
  activated: 'card.activated',
  revoked: 'card.revoked',
  expired: 'card.expired',
} as const;

/** A card as the events and the operator endpoints show it. */
export interface CardRow {
  id: string;
  serial_number: string;
  status: CardStatus;
  partner_id: string;
  card_product_id: string;
  end_user_id: string;
  order_id: string | null;
  expires_on: string;
  tracking_number: string | null;
}

export function cardEventData(card: CardRow): CardEventData {
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

const CARD_COLUMNS = `id, serial_number, status, partner_id, card_product_id, end_user_id, order_id, expires_on::text, tracking_number`;

export async function lockCard(manager: EntityManager, cardId: string): Promise<CardRow> {
  const [card] = await manager.query(`SELECT ${CARD_COLUMNS} FROM card WHERE id = $1 FOR UPDATE`, [cardId]);
  if (!card) throw Problem.notFound(`Card ${cardId}`);
  return card;
}

export async function transitionCard(
  manager: EntityManager,
  outbox: Outbox,
  cardId: string,
  change: CardChange,
  actor: Actor,
): Promise<CardRow> {
  const card = await lockCard(manager, cardId);
  if (!ALLOWED_FROM[change.action].includes(card.status)) {
    throw new Problem(
      'card-status-conflict',
      `Card ${card.serial_number} is ${card.status}; it cannot be ${change.action} from there.`,
    );
  }
  const to = STATUS_AFTER[change.action];
  const [[updated]] = await manager.query(
    `UPDATE card SET status = $2::card_status, updated_at = now(),
            issued_at       = CASE WHEN $3 = 'shipped' THEN now() ELSE issued_at END,
            tracking_number = CASE WHEN $3 = 'shipped' THEN $4 ELSE tracking_number END,
            activated_at    = CASE WHEN $3 = 'activated' THEN now() ELSE activated_at END,
            revoked_at      = CASE WHEN $3 = 'revoked' THEN now() ELSE revoked_at END,
            revocation_reason = CASE WHEN $3 = 'revoked' THEN $5 ELSE revocation_reason END,
            expired_at      = CASE WHEN $3 = 'expired' THEN now() ELSE expired_at END
      WHERE id = $1 RETURNING ${CARD_COLUMNS}`,
    [
      cardId,
      to,
      change.action,
      change.action === 'shipped' ? change.trackingNumber : null,
      change.action === 'revoked' ? change.reason : null,
    ],
  );
  await recordAudit(manager, actor, {
    partnerId: card.partner_id,
    subjectType: 'card',
    subjectId: card.id,
    action: change.action,
    changes: {
      status: { from: card.status, to },
      ...(change.action === 'shipped' ? { trackingNumber: change.trackingNumber } : {}),
      ...(change.action === 'revoked' ? { reason: change.reason } : {}),
    },
  });
  await outbox.publish(manager, {
    partnerId: card.partner_id,
    type: EVENT_OF[change.action],
    data: cardEventData(updated),
  });
  return updated;
}
