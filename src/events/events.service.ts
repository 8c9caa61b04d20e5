import type { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhooks/webhook-event-types';
import { type FeedPosition, WebhookEventsRepository } from '../webhooks/webhook-events.repository';
import { toEvent } from './event.mapper';
import type { EventPage } from './event.dto';

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
  private readonly events: WebhookEventsRepository;

  constructor(dataSource: DataSource) {
    this.events = new WebhookEventsRepository(poolExecutor(dataSource));
  }

  async list(
    partnerId: string,
    options: { types?: WebhookEventType[]; limit?: number; cursor?: string },
  ): Promise<EventPage> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeFeedCursor(options.cursor);
    const unknown = (options.types ?? []).filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length) throw Problem.invalid('type', `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`, 'query');
    const types = options.types?.length ? options.types : WEBHOOK_EVENT_TYPES;
    const rows = await this.events.feed(partnerId, types, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(toEvent),
      nextCursor: encodeFeedCursor(last ? { txId: last.at_tx, seq: last.at_seq } : after),
      hasMore: rows.length > limit,
    };
  }
}
