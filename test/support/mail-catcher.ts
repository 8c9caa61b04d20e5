import type { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a free port that keeps every message it accepts. `holdData` makes it stall before
 * accepting a message's data, as a slow mail server would (for the crash test).
 */
export class MailCatcher {
  readonly messages: ParsedMail[] = [];
  /** Messages whose data started arriving, accepted or not. */
  dataStarted = 0;
  holdData = false;
  private readonly server: SMTPServer;
  url = '';

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 500,
      onData: (stream, _session, callback) => {
        this.dataStarted++;
        simpleParser(stream).then(
          (mail) => {
            if (this.holdData) return; // never answers: the sender waits until it dies
            this.messages.push(mail);
            callback();
          },
          (error) => callback(error),
        );
      },
    });
  }

  async start(): Promise<this> {
    // A sender killed mid-message resets its connection: expected in the crash test, not a failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => [m.to].flat().some((to) => to?.value.some((v) => v.address === address)));
  }

  /** Waits until a message matching `predicate` arrived, and returns it. */
  async waitFor(predicate: (mail: ParsedMail) => boolean, what: string, timeoutMs = 15_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no e-mail ${what} within ${timeoutMs} ms (got: ${this.messages.map((m) => m.subject).join(' | ')})`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
