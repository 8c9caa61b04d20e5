/** The events, as webhooks POST them and as the events feed lists them, told apart by `type`: the spec's schemas. */
import type { components } from '../schema.js';

type Schemas = components['schemas'];

export type OrderEventData = Schemas['OrderEventData'];
export type CardEventData = Schemas['CardEventData'];
export type WebhookTestEventData = Schemas['WebhookTestEventData'];
export type OrderCreatedEvent = Schemas['OrderCreatedEvent'];
export type OrderApprovedEvent = Schemas['OrderApprovedEvent'];
export type OrderRejectedEvent = Schemas['OrderRejectedEvent'];
export type CardShippedEvent = Schemas['CardShippedEvent'];
export type CardActivatedEvent = Schemas['CardActivatedEvent'];
export type CardExpiringEvent = Schemas['CardExpiringEvent'];
export type CardExpiredEvent = Schemas['CardExpiredEvent'];
export type CardRevokedEvent = Schemas['CardRevokedEvent'];
/** The `webhook.test` event "send a test event" sends to one endpoint; never in the feed. */
export type WebhookTestEventPayload = Schemas['WebhookTestEventPayload'];

/** Any event of the feed and of the webhooks. */
export type PartnerwebEvent = Schemas['PartnerwebEvent'];

/** Any event a webhook endpoint can receive: the feed's events and the test event. */
export type WebhookPayload = PartnerwebEvent | WebhookTestEventPayload;
