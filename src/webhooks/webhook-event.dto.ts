import type { CardStatus } from '../glossary/card-terms';
import type { OrderKind, OrderStatus, RejectionReason } from '../glossary/order-terms';
import type { WebhookEventType } from './webhook-event-types';

/*
 * The payload of every event, as POSTed to webhook endpoints and as listed by GET /v1/events: one named schema per
 * event type, each with `type` as its discriminator. The code builds `data` through `orderEventData` and
 * `cardEventData`, typed with these interfaces, so the spec and what is sent cannot drift apart.
 */

/** What an order event says about the order: enough to act on; the rest is one GET /v1/orders/{orderId} away. */
export interface OrderEventData {
  /** @format uuid @maxLength 36 @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" */
  orderId: string;
  /** @maxLength 20 @example "PW-00001002" */
  orderNumber: string;
  kind: OrderKind;
  status: OrderStatus;
  /** @format uuid @maxLength 36 @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  cardProductId: string;
  /** The company field (Bedrift) as it stands. @maxLength 200 @example "Nordlys Legesenter Bodø" */
  company: string;
  /** @format date-time @maxLength 30 @example "2026-11-20T09:14:03.120Z" */
  orderedAt: string;
  /** Only on `order.rejected`: the reason and the message the end user was sent. */
  rejection?: OrderEventRejection;
}

export interface OrderEventRejection {
  reason: RejectionReason;
  /** @maxLength 1000 @example "Du er flyttet til Fjordheim. Bestill som ny kunde der." */
  message: string;
}

/** What a card event says about the card. */
export interface CardEventData {
  /** @format uuid @maxLength 36 @example "8c1f2e3d-4b5a-4c69-8d7e-0f1a2b3c4d5e" */
  cardId: string;
  /** @maxLength 20 @example "BPS10000042" */
  serialNumber: string;
  status: CardStatus;
  /** The order that produced the card; null for a card issued before self-service. @format uuid @maxLength 36 @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" */
  orderId: string | null;
  /** @format uuid @maxLength 36 @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  cardProductId: string;
  /** @format uuid @maxLength 36 @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" */
  endUserId: string;
  /** The expiry date (Europe/Oslo). @format date @maxLength 10 @example "2029-11-27" */
  expiresOn: string;
  /** Registered-mail tracking number, once the card is shipped. @maxLength 40 @example "RR123456785NO" */
  trackingNumber?: string;
}

/** The data of the `webhook.test` event. */
export interface WebhookTestEventData {
  /** @format uuid @maxLength 36 @example "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a" */
  endpointId: string;
  /** @maxLength 100 @example "Test event from Partnerweb" */
  message: string;
}

/*
 * One interface per event type (tsoa names schemas after interfaces; a generic would give unreadable names).
 * `id` is the `webhook-id` header of the delivery: the same on every attempt and in the events feed.
 */

/** An end user placed an order on your card product; it waits for your decision. */
export interface OrderCreatedEvent {
  /** The event id, also sent as `webhook-id`. @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'order.created';
  /** When the event happened. @format date-time @maxLength 30 @example "2026-11-20T09:14:03.412Z" */
  timestamp: string;
  data: OrderEventData;
}

/** You (or another of your systems) approved an order; its card goes to production. */
export interface OrderApprovedEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'order.approved';
  /** @format date-time @maxLength 30 @example "2026-11-20T10:02:41.007Z" */
  timestamp: string;
  data: OrderEventData;
}

/** An order was rejected; `data.rejection` holds the reason and the message sent to the end user. */
export interface OrderRejectedEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'order.rejected';
  /** @format date-time @maxLength 30 @example "2026-11-20T10:02:41.007Z" */
  timestamp: string;
  data: OrderEventData;
}

/** The card left production and is in the post (`data.trackingNumber`). */
export interface CardShippedEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'card.shipped';
  /** @format date-time @maxLength 30 @example "2026-11-21T07:30:00.000Z" */
  timestamp: string;
  data: CardEventData;
}

/** The end user activated the card. */
export interface CardActivatedEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'card.activated';
  /** @format date-time @maxLength 30 @example "2026-11-24T12:00:00.000Z" */
  timestamp: string;
  data: CardEventData;
}

/** The card expires within two months; sent once per card, when the end user is sent the expiry notice. */
export interface CardExpiringEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'card.expiring';
  /** @format date-time @maxLength 30 @example "2029-09-27T05:00:00.000Z" */
  timestamp: string;
  data: CardEventData;
}

/** The card's expiry date passed. */
export interface CardExpiredEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'card.expired';
  /** @format date-time @maxLength 30 @example "2029-11-28T00:05:00.000Z" */
  timestamp: string;
  data: CardEventData;
}

/** The issuer revoked the card. */
export interface CardRevokedEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'card.revoked';
  /** @format date-time @maxLength 30 @example "2027-03-02T08:15:00.000Z" */
  timestamp: string;
  data: CardEventData;
}

/** A card of yours that a person who left still holds (in `staff.deactivated`). */
export interface StaffCard {
  /** @format uuid @maxLength 36 @example "8c1f2e3d-4b5a-4c69-8d7e-0f1a2b3c4d5e" */
  cardId: string;
  /** @maxLength 20 @example "BPS10000042" */
  serialNumber: string;
  /** The status when the event was written; `revoked` when the policy revoked it in the same step. */
  status: CardStatus;
  /** @format uuid @maxLength 36 @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  cardProductId: string;
  /** @format uuid @maxLength 36 @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" */
  endUserId: string;
  /** @format date @maxLength 10 @example "2029-11-27" */
  expiresOn: string;
}

/** What `staff.deactivated` says: who left (as your directory named them) and the cards they still hold. */
export interface StaffDeactivatedEventData {
  /** The roster member (SCIM `id`). @format uuid @maxLength 36 @example "5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d" */
  memberId: string;
  /** @maxLength 256 @example "kari.nordmann@nordlys.example.no" */
  userName: string;
  /** Your directory's own id of the person, if it sent one. @maxLength 256 @example "E-10442" */
  externalId: string | null;
  /** `deactivated` (active set to false) or `deleted` (removed from the roster). */
  change: 'deactivated' | 'deleted';
  /** The cards of yours the person holds (in production, shipped or active); revoke them with POST /v1/cards/{cardId}/revocation. @maxItems 100 */
  cards: StaffCard[];
  /** True when the card product's policy revoked the cards (`revokeLeaversCards`); their status is then `revoked`. */
  revokedByPolicy: boolean;
}

/** One overdue order in `orders.overdue`. */
export interface OverdueOrder {
  /** @format uuid @maxLength 36 @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" */
  orderId: string;
  /** @maxLength 20 @example "PW-00001002" */
  orderNumber: string;
  /** @format uuid @maxLength 36 @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  cardProductId: string;
  /** @format date-time @maxLength 30 @example "2026-11-20T09:14:03.120Z" */
  orderedAt: string;
  /** Working days (Monday to Friday, Norwegian public holidays excepted) the order has waited. @minimum 0 @example 4 */
  workingDaysPending: number;
}

/** What `orders.overdue` says: the orders pending longer than your threshold, on the day of the digest. */
export interface OrdersOverdueEventData {
  /** The Oslo date of the digest. @format date @maxLength 10 @example "2026-11-27" */
  date: string;
  /** The oldest 1,000 (GET /v1/orders?status=pending has them all). @maxItems 1000 */
  orders: OverdueOrder[];
}

/** Your HR directory deactivated or deleted a person who holds cards of yours. */
export interface StaffDeactivatedEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'staff.deactivated';
  /** @format date-time @maxLength 30 @example "2026-11-27T08:15:00.000Z" */
  timestamp: string;
  data: StaffDeactivatedEventData;
}

/** Orders have waited for your decision longer than your threshold (daily, with the digest e-mail). */
export interface OrdersOverdueEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'orders.overdue';
  /** @format date-time @maxLength 30 @example "2026-11-27T06:00:00.000Z" */
  timestamp: string;
  data: OrdersOverdueEventData;
}

/** Sent by "send a test event" to one endpoint only; never in the events feed. */
export interface WebhookTestEventPayload {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  id: string;
  type: 'webhook.test';
  /** @format date-time @maxLength 30 @example "2026-11-20T09:14:03.412Z" */
  timestamp: string;
  data: WebhookTestEventData;
}

/** Any event of the feed and of the webhooks, told apart by `type`. */
export type PartnerwebEvent =
  | OrderCreatedEvent
  | OrderApprovedEvent
  | OrderRejectedEvent
  | CardShippedEvent
  | CardActivatedEvent
  | CardExpiringEvent
  | CardExpiredEvent
  | CardRevokedEvent
  | StaffDeactivatedEvent
  | OrdersOverdueEvent;

/** Any event a webhook endpoint can receive: the feed's events and the test event. */
export type WebhookPayload = PartnerwebEvent | WebhookTestEventPayload;

/** Compile-time check: the subscribable event types and the event schemas name the same types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVENT_SCHEMAS_MATCH_TYPES: Same<PartnerwebEvent['type'], WebhookEventType> = true;
