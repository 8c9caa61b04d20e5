import type { SqlExecutor } from '../db/sql-executor';
import type { WebhookPayload } from './webhook-event.dto';

/** A webhook_event row as the events feed reads it: the payload and the feed position (transaction id, sequence). */
export interface WebhookEventFeedRow {
  id: string;
  payload: Omit<WebhookPayload, 'id'>;
  /** tx_id and seq as text (xid8 and bigint exceed a JavaScript number). */
  at_tx: string;
  at_seq: string;
}

/** A place in the feed: after the event with this transaction id and sequence number. */
export interface FeedPosition {
  txId: string;
  seq: string;
}

/** The webhook_event table: one row per event, written with the change that caused it (the outbox). */
export class WebhookEventsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(partnerId: string, payload: WebhookPayload): Promise<void> {
    await this.sql.execute(`INSERT INTO webhook_event (id, partner_id, type, payload) VALUES ($1, $2, $3, $4::jsonb)`, [
      payload.id,
      partnerId,
      payload.type,
      JSON.stringify(payload),
    ]);
  }

  /**
   * The partner's events of these types after `after`, oldest first, at most `limit`. Only events of transactions
   * older than every transaction still running (`tx_id` below the snapshot's xmin): see the EventFeed migration.
   */
  feed(
    partnerId: string,
    types: readonly string[],
    after: FeedPosition,
    limit: number,
  ): Promise<WebhookEventFeedRow[]> {
    // (aliases differ from the columns: ORDER BY a bare name would sort by the text output column)
    return this.sql.rows<WebhookEventFeedRow>(
      `SELECT id, payload, tx_id::text AS at_tx, seq::text AS at_seq FROM webhook_event
        WHERE partner_id = $1 AND type = ANY ($2::text[]) AND (tx_id, seq) > ($3::xid8, $4::bigint)
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY webhook_event.tx_id, webhook_event.seq LIMIT $5`,
      [partnerId, types, after.txId, after.seq, limit],
    );
  }

  /**
   * Deletes the events about these orders or cards (`data.orderId` or `data.cardId`), with their deliveries and
   * attempts. Caller: retention of an end user (src/retention/retention.ts).
   */
  async deleteAboutOrdersOrCards(ids: readonly string[]): Promise<void> {
    const events = `SELECT id FROM webhook_event WHERE payload->'data'->>'orderId' = ANY ($1::text[]) OR payload->'data'->>'cardId' = ANY ($1::text[])`;
    await this.sql.execute(`DELETE FROM webhook_delivery WHERE event_id IN (${events})`, [ids]);
    await this.sql.execute(`DELETE FROM webhook_event WHERE id IN (${events})`, [ids]);
  }

  /**
   * Deletes the events made before the start of the Oslo day `days` days before `today` (YYYY-MM-DD), with their
   * deliveries and attempts. Caller: the daily retention run (src/retention/retention.ts).
   */
  async deleteOlderThanDays(today: string, days: number): Promise<void> {
    const old = `SELECT id FROM webhook_event WHERE created_at < (($1::date - $2::int)::timestamp AT TIME ZONE 'Europe/Oslo')`;
    await this.sql.execute(`DELETE FROM webhook_delivery WHERE event_id IN (${old})`, [today, days]);
    await this.sql.execute(`DELETE FROM webhook_event WHERE id IN (${old})`, [today, days]);
  }
}
