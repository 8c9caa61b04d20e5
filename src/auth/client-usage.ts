import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';

/** How often, at most, a client's (or a key's) last-used time is written by one process. */
export const LAST_USED_INTERVAL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Last-used times of API clients and their keys, for the credentials API. Every authenticated request calls
 * `seen`, so it costs a Map lookup there; a write happens at most once a minute per client and process, and
 * never waits for the request (a failed write is only logged: a last-used time is information, not a rule).
 */
export class ClientUsage {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A request of this client was authenticated; resolves when the write (if any) is done. */
  seen(apiClientId: string): Promise<void> | undefined {
    return this.write('api_client', apiClientId);
  }

  /** A token was issued for an assertion signed with this key (the api_client_key row's id). */
  keyUsed(keyRowId: string): Promise<void> | undefined {
    return this.write('api_client_key', keyRowId);
  }

  private write(table: 'api_client' | 'api_client_key', id: string): Promise<void> | undefined {
    const now = this.clock.now();
    const key = `${table}:${id}`;
    const last = this.written.get(key);
    if (last !== undefined && now.getTime() - last < LAST_USED_INTERVAL_MS) return undefined;
    if (this.written.size >= MAX_REMEMBERED) this.written.clear();
    this.written.set(key, now.getTime());
    return this.dataSource
      .query(`UPDATE ${table} SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, [id, now])
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err }, `could not record the last use of ${key}`),
      );
  }
}
