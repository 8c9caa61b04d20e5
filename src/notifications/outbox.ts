import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { JobQueue, QUEUES } from '../jobs/job-queue';
import type { WebhookPayload } from '../webhooks/webhook-event.dto';
import type { NoticeText } from './notices';

/** An event as its producer states it: the type and the data its schema names; id and timestamp are added here. */
export type EventDraft = WebhookPayload extends infer E
  ? E extends WebhookPayload
    ? { type: E['type']; data: E['data'] }
    : never
  : never;

export interface OutboxEmail {
  /** Which notice this is, for the log and for tests: order_confirmation, partner_order_copy, rejection, expiry. */
  notice: string;
  to: string;
  partnerId?: string | null;
  /** The order or card the notice is about. */
  subjectId?: string | null;
  content: NoticeText;
}

/**
 * The transactional outbox. Notices and webhook events are written with the caller's transaction, together
 * with the pg-boss job that sends each of them, so they exist if and only if the change commits: a crash
 * before the commit sends nothing, a crash after it loses nothing (the worker picks the job up on restart).
 */
export class Outbox {
  constructor(private readonly queue: JobQueue) {}

  async email(manager: EntityManager, mail: OutboxEmail): Promise<void> {
    const [{ id }] = await manager.query(
      `INSERT INTO email_message (notice, partner_id, subject_id, recipient, subject, body) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [mail.notice, mail.partnerId ?? null, mail.subjectId ?? null, mail.to, mail.content.subject, mail.content.text],
    );
    await this.queue.send(manager, QUEUES.sendEmail, { emailId: id });
  }

  /**
   * Records a webhook event and one delivery for every enabled endpoint of the partner that subscribes to
   * its type (or only for `endpointId`, for a test event). Returns the payload; its id is the `webhook-id`.
   * The row is also the events feed's entry (GET /v1/events): written in the caller's transaction, it exists
   * if and only if the change committed, and its transaction id and sequence number give the feed its order.
   */
  async publish(
    manager: EntityManager,
    event: EventDraft & { partnerId: string; endpointId?: string },
  ): Promise<WebhookPayload> {
    const id = `msg_${randomUUID().replaceAll('-', '')}`;
    const payload = { id, type: event.type, timestamp: new Date().toISOString(), data: event.data } as WebhookPayload;
    await manager.query(`INSERT INTO webhook_event (id, partner_id, type, payload) VALUES ($1, $2, $3, $4::jsonb)`, [
      id,
      event.partnerId,
      event.type,
      JSON.stringify(payload),
    ]);
    const deliveries: { id: string }[] = await manager.query(
      `INSERT INTO webhook_delivery (event_id, endpoint_id)
       SELECT $1, id FROM webhook_endpoint
        WHERE partner_id = $2 AND disabled_at IS NULL
          AND (CASE WHEN $4::uuid IS NULL THEN $3 = ANY (event_types) ELSE id = $4::uuid END)
       RETURNING id`,
      [id, event.partnerId, event.type, event.endpointId ?? null],
    );
    for (const delivery of deliveries) {
      await this.queue.send(manager, QUEUES.deliverWebhook, { deliveryId: delivery.id });
    }
    return payload;
  }
}
