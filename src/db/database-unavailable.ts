import type { PoolClient } from 'pg';
import { timedQueries, untimedQueries } from './query-watchdog';

/**
 * Runs a long stream (an export's COPY or cursor) on `client` without the statement and answer timeouts meant for
 * requests; they apply again when it is done. A stream that fails half-way has its client destroyed by the caller.
 */
export async function withoutTimeouts<T>(client: PoolClient, run: () => Promise<T>): Promise<T> {
  await client.query('SET statement_timeout = 0');
  untimedQueries(client);
  try {
    const result = await run();
    await client.query('RESET statement_timeout');
    return result;
  } finally {
    timedQueries(client);
  }
}
