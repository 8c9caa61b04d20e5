import type { WebhookDeliveryRow } from './webhook-deliveries.repository';
import type { WebhookDelivery } from './webhook.dto';
import { isoTimestamp, isoTimestampOrNull } from '../common/iso-timestamp';

/** A delivery of the log, with its attempts, as the API answers with it. */
export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.type,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: isoTimestampOrNull(row.next_attempt_at),
    createdAt: isoTimestamp(row.created_at),
    completedAt: isoTimestampOrNull(row.completed_at),
    // json_agg writes PostgreSQL's timestamp text; the API answers ISO 8601 in UTC like every other time.
    attempts: row.attempts.map((a) => ({ ...a, attemptedAt: isoTimestamp(new Date(a.attemptedAt)) })),
  };
}
