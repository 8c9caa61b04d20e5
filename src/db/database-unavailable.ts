import type { PoolClient } from 'pg';

/**
 * Runs a long stream (an export's COPY or cursor) on `client` without the statement and answer timeouts meant for
 * requests; they apply again when it is done. A stream that fails half-way has its client destroyed by the caller.
 */
export async function withoutTimeouts<T>(client: PoolClient, run: () => Promise<T>): Promise<T> {
  const parameters = (client as unknown as { connectionParameters: { query_timeout?: number } }).connectionParameters;
  const queryTimeout = parameters.query_timeout;
  await client.query('SET statement_timeout = 0');
  parameters.query_timeout = undefined;
  try {
    const result = await run();
    await client.query('RESET statement_timeout');
    return result;
  } finally {
    parameters.query_timeout = queryTimeout;
  }
}
