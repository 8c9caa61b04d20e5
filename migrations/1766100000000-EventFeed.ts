import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events feed (GET /v1/events) reads the webhook events in a stable order: by the id of the transaction
 * that wrote each (`tx_id`, xid8) and a sequence number within it (`seq`, bigserial). A sequence alone is not
 * enough: numbers are taken when a row is inserted, not when it commits, so a reader could pass a number whose
 * transaction has not committed yet and never see it. The feed only shows rows of transactions older than
 * every transaction still running, in (tx_id, seq) order, so what it has shown never gains an earlier row.
 * Rows from before this migration keep their time order (tx_id 0).
 */
export class EventFeed1766100000000 implements MigrationInterface {
  name = 'EventFeed1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_event ADD COLUMN seq bigserial, ADD COLUMN tx_id xid8 NOT NULL DEFAULT '0'`);
    await q.query(`
      UPDATE webhook_event e SET seq = o.n
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM webhook_event) o WHERE o.id = e.id`);
    await q.query(
      `SELECT setval(pg_get_serial_sequence('webhook_event', 'seq'), coalesce((SELECT max(seq) FROM webhook_event), 0) + 1, false)`,
    );
    await q.query(`ALTER TABLE webhook_event ALTER COLUMN tx_id SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE UNIQUE INDEX webhook_event_feed_idx ON webhook_event (partner_id, tx_id, seq)`);
    // The retention of the feed deletes by age.
    await q.query(`CREATE INDEX webhook_event_created_idx ON webhook_event (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_event_created_idx`);
    await q.query(`DROP INDEX webhook_event_feed_idx`);
    await q.query(`ALTER TABLE webhook_event DROP COLUMN tx_id, DROP COLUMN seq`);
  }
}
