import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hashClientSecret } from '../../src/auth/client-secret';
import { PARTNER_SCOPES } from '../../src/auth/scopes';
import { ctx } from './context';

/**
 * A partner of its own with `count` approved orders, each with an active card, loaded in one statement each:
 * volume for the streaming tests, without going through the API 50,000 times. Its API client has every scope.
 */
export async function bulkPartner(count: number): Promise<{ partnerId: string; clientId: string; secret: string }> {
  // A lock wait is retried once on a new connection; anything else fails at once, with what the database was doing.
  try {
    return await loadOnce(count);
  } catch (error) {
    if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    return loadOnce(count);
  }
}

const LOCK_NOT_AVAILABLE = '55P03';

async function loadOnce(count: number): Promise<{ partnerId: string; clientId: string; secret: string }> {
  // A connection of its own, outside the app's pool: loading volume is not a request, so none of the request
  // timeouts (statement, and pg's client-side answer timeout) may cut it on a busy machine. Its own limits stay
  // below the slowest caller's hook timeout (240 s), so a stalled load rolls back and ends its transaction rather
  // than staying open after mocha gave up on it (an open transaction holds back the events feed of later tests).
  const client = new Client({
    connectionString: ctx().databaseUrl,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 200_000,
    lock_timeout: 20_000,
    query_timeout: 210_000,
  });
  await client.connect();
  const m = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows };
  const suffix = randomUUID().slice(0, 8);
  const clientId = `bulk-${suffix}`;
  const secret = `bulk-secret-${suffix}`;
  try {
    await m.query('BEGIN');
    const [{ id: partnerId }] = await m.query(
      `INSERT INTO partner (name, organisation_number) VALUES ($1, lpad((floor(random() * 1e9))::bigint::text, 9, '0')) RETURNING id`,
      [`Stor Partner ${suffix} – Ærøy`],
    );
    const [{ id: productId }] = await m.query(
      `INSERT INTO card_product (partner_id, code, name, card_price_ore, card_reader_price_ore) VALUES ($1, $2, 'Storkort', 39900, 24900) RETURNING id`,
      [partnerId, `bulk-${suffix}`],
    );
    await m.query(
      `INSERT INTO api_client (partner_id, client_id, secret_hash, name, scopes) VALUES ($1, $2, $3, 'bulk', $4)`,
      [partnerId, clientId, await hashClientSecret(secret), Object.keys(PARTNER_SCOPES)],
    );
    // Made-up national ids (the API never writes these rows), a block of consecutive numbers at a random offset.
    await m.query(
      `WITH users AS (
         INSERT INTO end_user (national_id, given_name, family_name, birth_date, email, registered_street, registered_postal_code, registered_city, created_at)
         SELECT lpad(($4::bigint + n)::text, 11, '0'), 'Åse', 'Ødegård ' || n, '1980-01-01', 'ase' || n || '@example.no',
                'Storgata ' || n, '0150', 'OSLO', now() - make_interval(secs => n)
           FROM generate_series(1, $3) n
         RETURNING id, created_at)
       INSERT INTO card_order (partner_id, card_product_id, end_user_id, kind, status, company, card_reader, delivery_choice, delivery_name,
                               delivery_street, delivery_postal_code, delivery_city, registered_street, registered_postal_code, registered_city,
                               decided_at, version, created_at)
       SELECT $1, $2, id, 'new', 'approved', 'Bedrift «' || extract(epoch FROM created_at)::bigint || '» æøå', false, 'registered', 'Åse Ødegård',
              'Storgata 1', '0150', 'OSLO', 'Storgata 1', '0150', 'OSLO', created_at, 2, created_at - interval '1 day'
         FROM users`,
      [partnerId, productId, count, randomInt(1, 900_000) * 100_000],
    );
    // Ten years ahead: beyond every date a test moves the clock to, so no daily job of another test touches them.
    await m.query(
      `INSERT INTO card (end_user_id, card_product_id, partner_id, order_id, status, expires_on, issued_at)
       SELECT end_user_id, card_product_id, partner_id, id, 'active', current_date + 3650, now() FROM card_order WHERE partner_id = $1`,
      [partnerId],
    );
    await m.query('COMMIT');
    return { partnerId, clientId, secret };
  } catch (error) {
    await m.query('ROLLBACK').catch(() => undefined);
    console.error(`bulkPartner(${count}) failed: ${(error as Error).message}; the database meanwhile:`);
    console.error(JSON.stringify(await activity(), null, 1));
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What every other session of the test database is doing and waiting for, to tell a lock wait from a slow machine. */
async function activity(): Promise<unknown[]> {
  const probe = new Client({
    connectionString: ctx().databaseUrl,
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
  });
  try {
    await probe.connect();
    const { rows } = await probe.query(
      `SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by,
              now() - xact_start AS in_transaction_for, left(query, 200) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
    );
    return rows;
  } catch (error) {
    return [`could not look: ${(error as Error).message}`];
  } finally {
    await probe.end().catch(() => undefined);
  }
}
