/**
 * The words of an order that several capabilities share (orders, self-service, webhooks, reports): kinds,
 * statuses, delivery choices and rejection reasons, as DOMAIN.md's glossary names them. Imports nothing, so
 * any folder may use them without depending on the orders folder.
 */
export const ORDER_KINDS = ['new', 'additional', 'renewal'] as const;
/** new: a first order (førstegangsbestilling); additional: an additional card (tilleggskort); renewal (fornyelse). @example "new" */
export type OrderKind = (typeof ORDER_KINDS)[number];
export const ORDER_STATUSES = ['pending', 'approved', 'rejected'] as const;
/** pending: waiting for the partner's decision; approved: sent to production; rejected: kept for audit only. @example "pending" */
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const DELIVERY_CHOICES = ['registered', 'other'] as const;
/** registered: the end user chose their registered address; other: they gave another delivery address. @example "other" */
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

/** Reasons a partner gives for a rejection. `moved_to_other_partner`: the end user now belongs to another partner. */
export type RejectionReason =
  'moved_to_other_partner' | 'not_affiliated' | 'duplicate_order' | 'incorrect_information' | 'other';
