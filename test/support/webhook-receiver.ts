import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered, or null when it never answered. */
  answered: number | null;
}

/**
 * A real HTTP server that receives webhooks. `answer` decides each response: a status, or 'hang' to never
 * answer (a receiver that stalls).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (index: number) => number | 'hang' = () => 204;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A sender killed mid-request resets its connection: expected in the crash test.
    req.on('error', () => undefined);
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const entry: ReceivedWebhook = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: null,
      };
      const answer = this.answer(this.received.length);
      this.received.push(entry);
      if (answer === 'hang') return;
      entry.answered = answer;
      res.writeHead(answer).end();
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The events received of a type, parsed, each verified with `secret` (throws on a bad signature). */
  verified(secret: string, type?: string): { id: string; type: string; data: Record<string, unknown> }[] {
    return this.received
      .map((r) => {
        const payload = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: Record<string, unknown>;
        };
        return { id: String(r.headers['webhook-id']), ...payload };
      })
      .filter((e) => !type || e.type === type);
  }

  async waitFor(
    predicate: (r: ReceivedWebhook) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<ReceivedWebhook> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no webhook ${what} within ${timeoutMs} ms (got ${this.received.length})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function eventType(r: ReceivedWebhook): string {
  return (JSON.parse(r.body) as { type: string }).type;
}

export function eventData(r: ReceivedWebhook): Record<string, unknown> {
  return (JSON.parse(r.body) as { data: Record<string, unknown> }).data;
}
