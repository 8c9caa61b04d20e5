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
}
