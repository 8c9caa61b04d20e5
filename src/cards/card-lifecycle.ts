import type { EntityManager } from 'typeorm';
import { Actor, recordAudit } from '../audit/audit';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import { transactionExecutor } from '../db/sql-executor';
import { CardStatus } from '../glossary/card-terms';
import { toCardEventData } from './card.mapper';
import { CardsRepository, type CardRow } from './cards.repository';

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

/** The card, locked for the caller's transaction; 404 when there is none. */
export async function lockCard(cards: CardsRepository, cardId: string): Promise<CardRow> {
  const card = await cards.lock(cardId);
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
  const cards = new CardsRepository(transactionExecutor(manager));
  const card = await lockCard(cards, cardId);
  if (!ALLOWED_FROM[change.action].includes(card.status)) {
    throw new Problem(
      'card-status-conflict',
      `Card ${card.serial_number} is ${card.status}; it cannot be ${change.action} from there.`,
    );
  }
  const to = STATUS_AFTER[change.action];
  const updated = await cards.writeStatus(cardId, {
    status: to,
    action: change.action,
    trackingNumber: change.action === 'shipped' ? change.trackingNumber : null,
    reason: change.action === 'revoked' ? change.reason : null,
  });
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
    data: toCardEventData(updated),
  });
  return updated;
}
