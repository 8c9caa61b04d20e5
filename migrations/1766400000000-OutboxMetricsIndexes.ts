import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial indexes for the metrics read at each Prometheus scrape: the oldest e-mail not sent, the oldest webhook
 * delivery pending, the count of failed deliveries. Each holds only the few rows still waiting (or failed), so a
 * scrape stays cheap however long the outbox's history grows.
 */
export class OutboxMetricsIndexes1766400000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX email_message_unsent_idx ON email_message (created_at) WHERE sent_at IS NULL`);
    await q.query(
      `CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (created_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_delivery_failed_idx ON webhook_delivery (created_at) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['email_message_unsent_idx', 'webhook_delivery_pending_idx', 'webhook_delivery_failed_idx'])
      await q.query(`DROP INDEX ${index}`);
  }
}
