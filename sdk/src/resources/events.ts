import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { sleep } from '../core/retry.js';
import { APIUserAbortError } from '../core/errors.js';
import type { components, operations } from '../schema.js';
import type { PartnerwebEvent } from '../webhooks/event-types.js';

export type EventType = components['schemas']['WebhookEventType'];
/** `type` (repeatable), `limit`, and `cursor`: the `nextCursor` of an earlier page, absent to start 30 days back. */
export type EventListQuery = NonNullable<operations['Events_listEvents']['parameters']['query']>;
type EventPage = components['schemas']['EventPage'];

export interface FollowOptions {
  /** Where to start: a cursor you kept from `follower.cursor`; absent to start at the oldest event kept. */
  cursor?: string;
  /** Only events of these types. */
  types?: EventType[];
  /** Milliseconds between polls once the feed is read to its end (default 10 000). */
  pollInterval?: number;
  /** Events per request (default the API's, 25). */
  limit?: number;
  /** Stops following: the iteration then ends (no error). */
  signal?: AbortSignal;
}

/**
 * `client.events.follow()`: every event from a cursor on, polling for new ones. `cursor` is the last cursor the
 * feed gave: it moves at the end of each page, so it is exactly after the last event handed out once that event
 * ends a page (always so when you are caught up). Resuming from it after stopping mid-page repeats the rest of that
 * page: ignore events whose `id` you handled, as with webhooks.
 */
export class EventFollower implements AsyncIterable<PartnerwebEvent> {
  cursor: string | undefined;

  constructor(
    private readonly load: (query: EventListQuery, options: RequestOptions) => Promise<EventPage>,
    private readonly options: FollowOptions,
    private readonly requestOptions: RequestOptions,
  ) {
    this.cursor = options.cursor;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<PartnerwebEvent> {
    const { types, limit, signal, pollInterval = 10_000 } = this.options;
    try {
      while (!signal?.aborted) {
        const page = await this.load({ cursor: this.cursor, type: types, limit }, { ...this.requestOptions, signal });
        for (let i = 0; i < page.data.length; i++) {
          // The feed's cursors mark page ends only: set before the page's last event is handed out.
          if (i === page.data.length - 1) this.cursor = page.nextCursor;
          yield page.data[i];
        }
        this.cursor = page.nextCursor;
        if (!page.hasMore) await sleep(pollInterval, signal);
      }
    } catch (error) {
      if (signal?.aborted && (error instanceof APIUserAbortError || error === signal.reason)) return;
      throw error;
    }
  }
}

/** The events feed: the webhook events, for systems that cannot receive webhooks. */
export class Events extends APIResource {
  /** Events oldest first from a cursor; await for one page, or iterate to the current end of the feed. */
  list(query: EventListQuery = {}, options?: RequestOptions): PagePromise<PartnerwebEvent> {
    return this.paginate('/v1/events', query, options);
  }

  /**
   * Follows the feed: yields every event after `cursor`, then polls every `pollInterval` for new ones, until
   * `signal` aborts or you break out of the loop. `follower.cursor` is where to resume.
   *
   *   const follower = client.events.follow({ cursor: saved });
   *   for await (const event of follower) { handle(event); save(follower.cursor); }
   */
  follow(options: FollowOptions = {}, requestOptions: RequestOptions = {}): EventFollower {
    return new EventFollower(
      async (query, opts) =>
        (await this.transport.request<EventPage>({ method: 'GET', path: '/v1/events', query }, opts)).data,
      options,
      requestOptions,
    );
  }
}
