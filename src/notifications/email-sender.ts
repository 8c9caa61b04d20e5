import type { DataSource } from 'typeorm';
import type { Mailer } from './mailer';

/**
 * The worker for one outbox e-mail. A row already marked sent is skipped, so a job that pg-boss hands out a
 * second time (its first worker died after sending) does not send again; the Message-ID is the row id, so
 * even a resend in the instant between SMTP's answer and the update below is recognisable as one mail.
 */
export async function sendOutboxEmail(dataSource: DataSource, mailer: Mailer, emailId: string): Promise<void> {
  const [mail] = await dataSource.query(`SELECT id, recipient, subject, body FROM email_message WHERE id = $1 AND sent_at IS NULL`, [emailId]);
  if (!mail) return;
  try {
    await mailer.send({ id: mail.id, to: mail.recipient, subject: mail.subject, text: mail.body });
  } catch (error) {
    await dataSource.query(`UPDATE email_message SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
      emailId,
      String((error as Error).message).slice(0, 1000),
    ]);
    throw error;
  }
  await dataSource.query(`UPDATE email_message SET attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = $1`, [emailId]);
}
