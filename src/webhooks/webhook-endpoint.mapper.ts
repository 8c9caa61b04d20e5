import type { WebhookEndpointRow } from './webhook-endpoints.repository';
import type { WebhookEndpoint } from './webhook.dto';
import { isoTimestamp } from '../common/iso-timestamp';

/** A webhook_endpoint row as the API answers with it. */
export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.disabled_at === null,
    disabledReason: row.disabled_reason,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}
