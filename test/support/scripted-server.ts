import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A real HTTP server that answers as a test scripts it (`answer` gets each request and its index), or never
 * ('hang'): the other side of the SDK's timeouts and retries, where the waits between attempts are measured.
 */
export class ScriptedServer {
  readonly seen: SeenRequest[] = [];
  answer: (request: SeenRequest, index: number) => ScriptedAnswer | 'hang' = () => ({ status: 200, body: {} });
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => undefined);
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      this.seen.push(seen);
      const answer = this.answer(seen, this.seen.length - 1);
      if (answer === 'hang') return;
      const json = answer.body === undefined ? '' : JSON.stringify(answer.body);
      const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
      res.writeHead(answer.status, { 'Content-Type': type, ...answer.headers }).end(json);
    });
  });
  baseUrl = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Milliseconds between consecutive requests. */
  gaps(): number[] {
    return this.seen.slice(1).map((r, i) => r.at - this.seen[i].at);
  }
}

/** A problem+json body as the API sends it. */
export function problem(status: number, code: string, extra: Record<string, unknown> = {}): ScriptedAnswer {
  return {
    status,
    headers: { 'Request-Id': `req-${code}` },
    body: { type: `/problems/${code}`, code, title: code, status, requestId: `req-${code}`, ...extra },
  };
}
