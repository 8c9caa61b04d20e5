/** The statuses of a card's life, shared by cards, orders, webhooks and reports. Imports nothing. */
export const CARD_STATUSES = ['in_production', 'shipped', 'active', 'expired', 'revoked'] as const;
/** in_production (Under produksjon), shipped, active (Aktivt), expired or revoked. @example "active" */
export type CardStatus = (typeof CARD_STATUSES)[number];
