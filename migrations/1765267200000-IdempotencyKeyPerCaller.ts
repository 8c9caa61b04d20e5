import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys per caller, not per API client, so that end users can send them too: `caller` is
 * `api_client:<id>` for partners and operators, `end_user:<SHA-256 of the national identity number>` for end
 * users (whose first order may come before any end-user row exists). Keys live 24 hours either way.
 */
export class IdempotencyKeyPerCaller1765267200000 implements MigrationInterface {
  name = 'IdempotencyKeyPerCaller1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN caller text`);
    await q.query(`UPDATE idempotency_key SET caller = 'api_client:' || api_client_id`);
    await q.query(`ALTER TABLE idempotency_key ALTER COLUMN caller SET NOT NULL`);
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey`);
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN api_client_id`);
    await q.query(`ALTER TABLE idempotency_key ADD PRIMARY KEY (caller, key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_key WHERE caller NOT LIKE 'api_client:%'`);
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN api_client_id uuid REFERENCES api_client(id)`);
    await q.query(`UPDATE idempotency_key SET api_client_id = substring(caller FROM 12)::uuid`);
    await q.query(`ALTER TABLE idempotency_key ALTER COLUMN api_client_id SET NOT NULL`);
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey`);
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN caller`);
    await q.query(`ALTER TABLE idempotency_key ADD PRIMARY KEY (api_client_id, key)`);
  }
}
