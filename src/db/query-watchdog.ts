import { Client, type ClientConfig } from 'pg';

/** The part of pg's Client the watchdog reads: the query the connection is waiting on (pg 8 internal). */
interface ClientInternals {
  _getActiveQuery(): unknown;
  connection: { stream: { destroy(): void } };
}

/** Connections whose queries may run as long as they need (exports, migrations): see `withoutTimeouts`. */
const untimed = new WeakSet<object>();

/** Lifts the query limit from one connection, until `timedQueries` puts it back. */
export const untimedQueries = (client: object): void => void untimed.add(client);
export const timedQueries = (client: object): void => void untimed.delete(client);

/**
 * A pg Client class whose queries end when the database leaves one unanswered for `queryMs` (a frozen or unreachable
 * server): the connection is closed, the query fails with "Connection terminated" (which the error handler answers
 * as 503), and the pool makes a new connection. statement_timeout does not cover this: a frozen server enforces
 * nothing.
 *
 * Why not pg's own `query_timeout`: it arms and clears a timer around every query, and under load that cost about
 * 0.1 ms of CPU a request, mostly in garbage collection (BENCHMARKS.md, 2026-11-28). Here one timer per pool looks
 * at each connection's waiting query every `tickMs`; a query ends between queryMs and queryMs + 2 × tickMs.
 */
export function watchedClientClass(queryMs: number, tickMs = Math.max(50, Math.min(1000, queryMs / 4))): typeof Client {
  const clients = new Set<WatchedClient>();
  let timer: NodeJS.Timeout | undefined;

  const check = (): void => {
    const now = Date.now();
    for (const client of clients) client.check(now);
  };

  class WatchedClient extends Client {
    private waitingOn: unknown = null;
    private since = 0;

    constructor(config?: string | ClientConfig) {
      super(config);
      clients.add(this);
      if (!timer) {
        timer = setInterval(check, tickMs);
        timer.unref(); // never what keeps a process alive
      }
      this.once('end', () => {
        clients.delete(this);
        if (!clients.size && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      });
    }

    /** Ends the connection when the same query has been waiting since more than queryMs ago. */
    check(now: number): void {
      const active = (this as unknown as ClientInternals)._getActiveQuery();
      if (!active || untimed.has(this)) {
        this.waitingOn = null;
        return;
      }
      if (active !== this.waitingOn) {
        this.waitingOn = active;
        this.since = now;
        return;
      }
      if (now - this.since >= queryMs) {
        this.waitingOn = null;
        (this as unknown as ClientInternals).connection.stream.destroy();
      }
    }
  }
  return WatchedClient;
}
