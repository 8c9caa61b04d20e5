import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { EmailMessagesRepository } from './email-messages.repository';
import type { Mailer } from './mailer';

/** What each notice is about, whose history records it as sent. */
const NOTICE_SUBJECT: Record<string, 'order' | 'card'> = {
  order_confirmation: 'order',
  partner_order_copy: 'order',
  rejection: 'order',
  expiry: 'card',
};

/**
 * The worker for one outbox e-mail. A row already marked sent is skipped, so a job that pg-boss hands out a
 * second time (its first worker died after sending) does not send again; the Message-ID is the row id, so
 * even a resend in the instant between SMTP's answer and the update below is recognisable as one mail.
 */
export async function sendOutboxEmail(dataSource: DataSource, mailer: Mailer, emailId: string): Promise<void> {
  const mail = await new EmailMessagesRepository(poolExecutor(dataSource)).findUnsent(emailId);
  if (!mail) return;
  try {
    await mailer.send({ id: mail.id, to: mail.recipient, subject: mail.subject, text: mail.body });
  } catch (error) {
    await new EmailMessagesRepository(poolExecutor(dataSource)).recordFailure(
      emailId,
      String((error as Error).message).slice(0, 1000),
    );
    throw error;
  }
  await inTransaction(dataSource, async (tx, manager) => {
    const marked = await new EmailMessagesRepository(tx).markSent(emailId);
    // The order's (or card's) history says that its notice went out (once, even when two workers raced to send it).
    if (marked && mail.subject_id && NOTICE_SUBJECT[mail.notice]) {
      await recordAudit(
        manager,
        { type: 'system', id: 'notices' },
        {
          partnerId: mail.partner_id,
          subjectType: NOTICE_SUBJECT[mail.notice],
          subjectId: mail.subject_id,
          action: 'notice_sent',
          changes: { notice: mail.notice, to: mail.recipient },
        },
      );
    }
  });
}
