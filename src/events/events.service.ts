import type { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { Problem } from '../common/problem';
import { SqlParams } from '../common/sql';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhooks/webhook-event-types';
import type { PartnerwebEvent } from '../webhooks/webhook-event.dto';
import type { EventPage } from './event.dto';

/** A place in the feed: after the event with this transaction id and sequence number. */
interface FeedPosition {
  txId: string;
  seq: string;
}

const CURSOR_PREFIX = 'ev1.';

/** Opaque to callers; versioned so that its form can change without breaking a stored cursor. */
function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`${CURSOR_PREFIX}${position.txId}.${position.seq}`, 'utf8').toString('base64url');
}

function decodeFeedCursor(cursor: string | undefined): FeedPosition {
  if (cursor === undefined || cursor === '') return { txId: '0', seq: '0' };
  const match = /^ev1\.(\d{1,20})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw Problem.invalid('cursor', 'is not a cursor of the events feed; start again without it', 'query');
  return { txId: match[1], seq: match[2] };
}

/**
 * The events feed: the partner's webhook events (test events excepted), oldest first, resumable from a cursor.
 * Only events of transactions older than every transaction still running are shown (`tx_id` below the snapshot's
 * xmin), so every event that will ever be shown after a position sorts after it: none is skipped when a
 * transaction that started earlier commits later. See the EventFeed migration.
 */
export class EventsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    partnerId: string,
    options: { types?: WebhookEventType[]; limit?: number; cursor?: string },
  ): Promise<EventPage> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeFeedCursor(options.cursor);
    const unknown = (options.types ?? []).filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length) throw Problem.invalid('type', `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`, 'query');
    const p = new SqlParams();
    const where = [
      `partner_id = ${p.add(partnerId)}`,
      `type = ANY (${p.add(options.types?.length ? options.types : WEBHOOK_EVENT_TYPES)}::text[])`,
      `(tx_id, seq) > (${p.add(after.txId)}::xid8, ${p.add(after.seq)}::bigint)`,
      `tx_id < pg_snapshot_xmin(pg_current_snapshot())`,
    ];
    const rows: { id: string; payload: Omit<PartnerwebEvent, 'id'>; at_tx: string; at_seq: string }[] =
      await this.dataSource.query(
        // (aliases differ from the columns: ORDER BY a bare name would sort by the text output column)
        `SELECT id, payload, tx_id::text AS at_tx, seq::text AS at_seq FROM webhook_event
        WHERE ${where.join(' AND ')}
        ORDER BY webhook_event.tx_id, webhook_event.seq LIMIT ${p.add(limit + 1)}`,
        p.values,
      );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map((row) => ({ ...row.payload, id: row.id }) as PartnerwebEvent),
      nextCursor: encodeFeedCursor(last ? { txId: last.at_tx, seq: last.at_seq } : after),
      hasMore: rows.length > limit,
    };
  }
}
