/**
 * The events, as webhooks POST them and as the events feed lists them, told apart by `type`.
 * Interim: written by hand to match the server until the spec names the payload schemas; then aliases of them.
 */
import type { components } from '../schema.js';

type Schemas = components['schemas'];

export interface OrderEventData {
  orderId: string;
  orderNumber: string;
  kind: Schemas['OrderKind'];
  status: Schemas['OrderStatus'];
  cardProductId: string;
  company: string;
  orderedAt: string;
  /** Only on `order.rejected`. */
  rejection?: { reason: Schemas['RejectionReason']; message: string };
}

export interface CardEventData {
  cardId: string;
  serialNumber: string;
  status: Schemas['CardStatus'];
  orderId: string | null;
  cardProductId: string;
  endUserId: string;
  expiresOn: string;
  trackingNumber?: string;
}

export interface WebhookTestEventData {
  endpointId: string;
  message: string;
}

interface EventOf<T extends string, D> {
  /** The event id: the `webhook-id` header, the same on every attempt and in the feed. */
  id: string;
  type: T;
  /** When the event happened, ISO 8601. */
  timestamp: string;
  data: D;
}

export type OrderCreatedEvent = EventOf<'order.created', OrderEventData>;
export type OrderApprovedEvent = EventOf<'order.approved', OrderEventData>;
export type OrderRejectedEvent = EventOf<'order.rejected', OrderEventData>;
export type CardShippedEvent = EventOf<'card.shipped', CardEventData>;
export type CardActivatedEvent = EventOf<'card.activated', CardEventData>;
export type CardExpiringEvent = EventOf<'card.expiring', CardEventData>;
export type CardExpiredEvent = EventOf<'card.expired', CardEventData>;
export type CardRevokedEvent = EventOf<'card.revoked', CardEventData>;
export type WebhookTestEvent = EventOf<'webhook.test', WebhookTestEventData>;

/** Any event of the feed and of the webhooks. */
export type PartnerwebEvent =
  | OrderCreatedEvent
  | OrderApprovedEvent
  | OrderRejectedEvent
  | CardShippedEvent
  | CardActivatedEvent
  | CardExpiringEvent
  | CardExpiredEvent
  | CardRevokedEvent;

/** Any event a webhook endpoint can receive: the feed's events and the test event. */
export type WebhookPayload = PartnerwebEvent | WebhookTestEvent;
