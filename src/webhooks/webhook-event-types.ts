/** Every event a partner can subscribe a webhook endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.approved',
  'order.rejected',
  'card.shipped',
  'card.activated',
  'card.expiring',
  'card.expired',
  'card.revoked',
  'staff.deactivated',
  'orders.overdue',
] as const;

/**
 * order.created: an end user placed an order on your card product; order.approved / order.rejected: a decision
 * was made; card.shipped: the card left production and is in the post; card.activated: the end user activated
 * it; card.expiring: it expires within two months (sent once per card); card.expired; card.revoked; staff.deactivated: your HR directory
 * deactivated or deleted a person who holds cards of yours; orders.overdue: orders waiting longer than your threshold.
 * @example "order.created"
 */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The event sent by "send a test event"; it goes to the one endpoint asked, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test';
