import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate-limit buckets every API instance shares (rate-limiter-flexible's PostgreSQL store, its own columns).
 * UNLOGGED: a counter of the last minute is not worth a WAL write on every request, and a crash that empties
 * the table only forgives a minute. Half-full pages keep the one upsert a request makes a HOT update.
 */
export class RateLimitBuckets1766200000001 implements MigrationInterface {
  name = 'RateLimitBuckets1766200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_bucket (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      ) WITH (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_bucket`);
  }
}
