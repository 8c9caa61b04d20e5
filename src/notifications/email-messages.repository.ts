import type { SqlExecutor } from '../db/sql-executor';

/** An e-mail of the outbox as its worker reads it. */
export interface EmailMessageRow {
  id: string;
  /** Which notice it is: order_confirmation, partner_order_copy, rejection, expiry. */
  notice: string;
  partner_id: string | null;
  /** The order or card the notice is about. */
  subject_id: string | null;
  recipient: string;
  subject: string;
  body: string;
}

export interface NewEmailMessage {
  notice: string;
  partnerId: string | null;
  subjectId: string | null;
  recipient: string;
  subject: string;
  body: string;
}

/** The email_message table: the outbox's e-mails, written in the caller's transaction and sent by a job each. */
export class EmailMessagesRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Answers the new row's id. */
  async insert(mail: NewEmailMessage): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO email_message (notice, partner_id, subject_id, recipient, subject, body) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [mail.notice, mail.partnerId, mail.subjectId, mail.recipient, mail.subject, mail.body],
    );
    return row!.id;
  }

  /** The e-mail if it has not been sent yet. */
  findUnsent(id: string): Promise<EmailMessageRow | undefined> {
    return this.sql.first<EmailMessageRow>(
      `SELECT id, notice, partner_id, subject_id, recipient, subject, body FROM email_message WHERE id = $1 AND sent_at IS NULL`,
      [id],
    );
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.sql.execute(`UPDATE email_message SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
      id,
      error,
    ]);
  }

  /** Marks it sent; false when it was marked already (another worker sent it too). */
  async markSent(id: string): Promise<boolean> {
    const changed = await this.sql.execute(
      `UPDATE email_message SET attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = $1 AND sent_at IS NULL`,
      [id],
    );
    return changed > 0;
  }

  /** Seconds since the oldest e-mail not sent yet was written; 0 when none waits (metrics). */
  async oldestUnsentAgeSeconds(): Promise<number> {
    const row = await this.sql.first<{ value: string }>(
      `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) AS value FROM email_message WHERE sent_at IS NULL`,
    );
    return Number(row?.value ?? 0);
  }

  /** Deletes the e-mails about these orders, cards or end users. Caller: retention (src/retention/retention.ts). */
  deleteAboutSubjects(subjectIds: readonly string[]): Promise<number> {
    return this.sql.execute(`DELETE FROM email_message WHERE subject_id = ANY ($1::uuid[])`, [subjectIds]);
  }
}
