import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit';
import type { JobSender } from '../db/job-sender';
import { transactionExecutor } from '../db/sql-executor';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository';
import {
  type EventDraft,
  WEBHOOK_DELIVERY_QUEUE,
  type WebhookEventPublisher,
} from '../webhooks/webhook-event-publisher';
import type { WebhookPayload } from '../webhooks/webhook-event.dto';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository';
import { EmailMessagesRepository } from './email-messages.repository';
import type { NoticeText } from './notices';

export type { EventDraft } from '../webhooks/webhook-event-publisher';

/** The queue whose jobs each send one e-mail of the outbox (`email_message`). */
export const EMAIL_QUEUE = 'email.send';

export interface OutboxEmail {
  /** Which notice this is, for the log and for tests: order_confirmation, partner_order_copy, rejection, expiry. */
  notice: string;
  to: string;
  partnerId?: string | null;
  /** The order or card the notice is about. */
  subjectId?: string | null;
  content: NoticeText;
}

/** A notice that may have no address to go to: why not, and what tells the recipient instead. */
export interface NoticeOrRecord {
  notice: string;
  to: string | null;
  content: NoticeText;
  partnerId: string;
  subject: { type: 'order' | 'card'; id: string };
  missing: string;
  instead: string;
}

/**
 * The transactional outbox. Notices and webhook events are written with the caller's transaction, together
 * with the pg-boss job that sends each of them, so they exist if and only if the change commits: a crash
 * before the commit sends nothing, a crash after it loses nothing (the worker picks the job up on restart).
 * The queue is pg-boss's (`jobs/job-queue.ts`), seen through `JobSender`: jobs depend on notifications, not back.
 */
export class Outbox implements WebhookEventPublisher {
  constructor(private readonly queue: JobSender) {}

  async email(manager: EntityManager, mail: OutboxEmail): Promise<void> {
    const id = await new EmailMessagesRepository(transactionExecutor(manager)).insert({
      notice: mail.notice,
      partnerId: mail.partnerId ?? null,
      subjectId: mail.subjectId ?? null,
      recipient: mail.to,
      subject: mail.content.subject,
      body: mail.content.text,
    });
    await this.queue.send(manager, EMAIL_QUEUE, { emailId: id });
  }

  /**
   * The notice when there is an address to send it to; otherwise `notice_not_sent` in its subject's history, with
   * why and what told the recipient instead, so that no notice is lost without a trace.
   */
  async emailOrRecord(manager: EntityManager, n: NoticeOrRecord): Promise<void> {
    if (n.to) {
      const mail = { notice: n.notice, to: n.to, partnerId: n.partnerId, subjectId: n.subject.id, content: n.content };
      return this.email(manager, mail);
    }
    await recordAudit(
      manager,
      { type: 'system', id: 'notices' },
      {
        partnerId: n.partnerId,
        subjectType: n.subject.type,
        subjectId: n.subject.id,
        action: 'notice_not_sent',
        changes: { notice: n.notice, reason: n.missing, instead: n.instead },
      },
    );
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
    const tx = transactionExecutor(manager);
    await new WebhookEventsRepository(tx).insert(event.partnerId, payload);
    const deliveries = await new WebhookDeliveriesRepository(tx).insertForSubscribers(
      id,
      event.partnerId,
      event.type,
      event.endpointId ?? null,
    );
    for (const deliveryId of deliveries) {
      await this.queue.send(manager, WEBHOOK_DELIVERY_QUEUE, { deliveryId });
    }
    return payload;
  }
}
