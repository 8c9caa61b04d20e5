import type { CardStatus } from '../glossary/card-terms';
import { addMonths } from '../common/clock';
import { EXPIRY_NOTICE_MONTHS } from '../cards/card-expiry';
import type { OrderOption } from './self-service.dto';

/** An order that may stand in the way of another: the end user's pending or approved orders. */
export interface OpenOrder {
  kind: 'new' | 'additional' | 'renewal';
  status: 'pending' | 'approved';
  orderNumber: string;
  renewsCardId: string | null;
  cardProductId: string;
  /** The card the order produced, once approved. */
  cardId: string | null;
}

export interface CardFacts {
  id: string;
  status: CardStatus;
  expiresOn: string;
  cardProductId: string;
}

const ENDED: Partial<Record<CardStatus, OrderOption>> = {
  expired: {
    possible: false,
    reasonCode: 'card_expired',
    reason: "The card has expired. Order a new card on your partner's order page.",
  },
  revoked: {
    possible: false,
    reasonCode: 'card_revoked',
    reason: "The card is revoked. Order a new card on your partner's order page.",
  },
};

/**
 * The rules of DOMAIN.md §3 for one card, on the Oslo calendar day `today`:
 * a renewal from two months before the expiry date, only while no renewal of that card is pending or
 * approved; an additional card beside an active card, one order at a time.
 */
export function orderOptions(
  card: CardFacts,
  openOrders: OpenOrder[],
  today: string,
): { renewal: OrderOption; additional: OrderOption } {
  return { renewal: renewalOption(card, openOrders, today), additional: additionalOption(card, openOrders) };
}

function renewalOption(card: CardFacts, openOrders: OpenOrder[], today: string): OrderOption {
  if (ENDED[card.status]) return ENDED[card.status]!;
  if (card.status !== 'active') {
    return {
      possible: false,
      reasonCode: 'card_not_active',
      reason: `The card is ${card.status.replace('_', ' ')}; only an active card can be renewed.`,
    };
  }
  const renewal = openOrders.find((o) => o.kind === 'renewal' && o.renewsCardId === card.id);
  if (renewal) {
    const state = renewal.status === 'pending' ? "is waiting for your partner's approval" : 'is approved';
    return {
      possible: false,
      reasonCode: 'renewal_already_ordered',
      reason: `Renewal ${renewal.orderNumber} of this card ${state}. You can order an additional card.`,
    };
  }
  const possibleFrom = addMonths(card.expiresOn, -EXPIRY_NOTICE_MONTHS);
  if (today < possibleFrom) {
    return {
      possible: false,
      reasonCode: 'too_early',
      reason: `A renewal can be ordered from ${possibleFrom}, two months before the card expires on ${card.expiresOn}.`,
      possibleFrom,
    };
  }
  return { possible: true };
}

function additionalOption(card: CardFacts, openOrders: OpenOrder[]): OrderOption {
  if (ENDED[card.status]) return ENDED[card.status]!;
  if (card.status !== 'active') {
    return {
      possible: false,
      reasonCode: 'card_not_active',
      reason: `The card is ${card.status.replace('_', ' ')}; an additional card is ordered beside an active card.`,
    };
  }
  const pending = openOrders.find(
    (o) => o.kind === 'additional' && o.status === 'pending' && o.cardProductId === card.cardProductId,
  );
  if (pending) {
    return {
      possible: false,
      reasonCode: 'additional_already_ordered',
      reason: `Additional card ${pending.orderNumber} is already waiting for your partner's approval.`,
    };
  }
  return { possible: true };
}
