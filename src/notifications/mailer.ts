import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  /** The outbox row's id: also the Message-ID, so a resend after a crash is recognisable as the same mail. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends e-mail over SMTP (`SMTP_URL`); without one, writes each message as an .eml file into a folder, which a
 * developer opens in any mail program. Both go through nodemailer, so the file is exactly what SMTP would carry.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: { smtpUrl?: string; from: string; mailDir: string }) {
    this.transport = settings.smtpUrl
      ? nodemailer.createTransport(settings.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  describe(): string {
    return this.settings.smtpUrl
      ? `SMTP ${new URL(this.settings.smtpUrl).host}`
      : `.eml files in ${this.settings.mailDir}`;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.settings.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.id}@partnerweb>`,
      headers: { 'X-Partnerweb-Message': mail.id },
    });
    if (!this.settings.smtpUrl) {
      await fs.mkdir(this.settings.mailDir, { recursive: true });
      await fs.writeFile(
        path.join(this.settings.mailDir, `${mail.id}.eml`),
        (info as unknown as { message: Buffer }).message,
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
