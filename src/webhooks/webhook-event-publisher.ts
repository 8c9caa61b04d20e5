import type { EntityManager } from 'typeorm';
import type { WebhookPayload } from './webhook-event.dto';

/** The queue whose jobs each make one attempt at one webhook delivery (`webhook_delivery`). */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook.deliver';

/** An event as its producer states it: the type and the data its schema names; id and timestamp are added on publishing. */
export type EventDraft = WebhookPayload extends infer E
  ? E extends WebhookPayload
    ? { type: E['type']; data: E['data'] }
    : never
  : never;

/**
 * Publishes a webhook event in the caller's transaction: the outbox (`notifications/outbox.ts`) does it. Declared
 * here so that webhooks need not import notifications, which imports webhooks (events are webhooks' tables).
 */
export interface WebhookEventPublisher {
  publish(
    manager: EntityManager,
    event: EventDraft & { partnerId: string; endpointId?: string },
  ): Promise<WebhookPayload>;
}
