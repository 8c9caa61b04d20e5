import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';
import { poolExecutor } from '../db/sql-executor';
import { ApiClientsRepository } from './api-clients.repository';

/** How often, at most, a client's (or a key's) last-used time is written by one process. */
export const LAST_USED_INTERVAL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Last-used times of API clients and their keys, for the credentials API. Every authenticated request calls
 * `seen`, so it costs a Map lookup there; a write happens at most once a minute per client and process, and
 * never waits for the request (a failed write is only logged: a last-used time is information, not a rule).
 */
export class ClientUsage {
  /** When this process last wrote each row's time, by table. */
  private readonly written = { api_client: new Map<string, number>(), api_client_key: new Map<string, number>() };

  private readonly clients: ApiClientsRepository;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.clients = new ApiClientsRepository(poolExecutor(dataSource));
  }

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
    const written = this.written[table];
    const last = written.get(id);
    if (last !== undefined && now.getTime() - last < LAST_USED_INTERVAL_MS) return undefined;
    if (written.size >= MAX_REMEMBERED) written.clear();
    written.set(id, now.getTime());
    return this.clients.touchLastUsed(table, id, now).then(
      () => undefined,
      (err: unknown) => this.logger.warn({ err }, `could not record the last use of ${table} ${id}`),
    );
  }
}
