import type { WebhookEventFeedRow } from '../webhooks/webhook-events.repository';
import type { PartnerwebEvent } from '../webhooks/webhook-event.dto';

/** An event of the feed: the payload as it was sent to the webhooks, its id the `webhook-id`. */
export function toEvent(row: WebhookEventFeedRow): PartnerwebEvent {
  return { ...row.payload, id: row.id } as PartnerwebEvent;
}
