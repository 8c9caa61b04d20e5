import type { Request as ExpressRequest } from 'express';
import {
  Controller,
  Example,
  Get,
  Query,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { principalOf } from '../auth/principal';
import type { PageSize } from '../common/api-types';
import type { ProblemDetails } from '../common/problem';
import type { WebhookEventType } from '../webhooks/webhook-event-types';
import type { EventPage } from './event.dto';
import type { EventsService } from './events.service';

/**
 * The events feed: the same events the webhooks send, for systems that cannot receive webhooks (behind a
 * firewall). Poll it with the cursor of the last answer; events are kept 30 days.
 */
@Route('v1/events')
@Tags('Events')
@Security(OAUTH2, ['events:read'])
@Response<ProblemDetails>(
  400,
  'Invalid input: the fields at fault are listed in `errors`',
  undefined,
  'application/problem+json',
)
@Response<ProblemDetails>(401, 'No valid access token', undefined, 'application/problem+json')
@Response<ProblemDetails>(403, 'The token lacks the scope events:read', undefined, 'application/problem+json')
@Response<ProblemDetails>(429, 'Too many requests; wait as Retry-After says', undefined, 'application/problem+json')
@Response<ProblemDetails>(500, 'Our fault; quote the request id', undefined, 'application/problem+json')
export class EventsController extends Controller {
  constructor(private readonly events: EventsService) {
    super();
  }

  /**
   * Your events, oldest first, in the order they happened: every event a webhook endpoint could be sent
   * (`order.created`, `order.approved`, `order.rejected`, `card.*`), each with the same `id` (the `webhook-id`) and
   * payload. Without a cursor the feed starts at the oldest event kept (30 days back). Keep `nextCursor` and send
   * it next time: the feed continues exactly after the last event you were given, nothing skipped or repeated,
   * also across our restarts. When `hasMore` is false, wait (e.g. 10 to 60 seconds) before asking again.
   * @summary Read the events feed
   * @param type Only events of these types (repeat the parameter for several); all when absent.
   * @param limit Events per page, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of your previous call; absent to start at the oldest event kept.
   * @maxItems type 8
   */
  @Get()
  @SuccessResponse(200, 'The next events')
  @Example<EventPage>({
    data: [
      {
        id: 'msg_2f1e0d9c8b7a69584736251403f2e1d0',
        type: 'order.created',
        timestamp: '2026-11-20T09:14:03.412Z',
        data: {
          orderId: '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11',
          orderNumber: 'PW-00001002',
          kind: 'new',
          status: 'pending',
          cardProductId: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
          company: 'Nordlys Legesenter Bodø',
          orderedAt: '2026-11-20T09:14:03.120Z',
        },
      },
    ],
    nextCursor: 'ZXYxLjc4MjMxLjQy',
    hasMore: false,
  })
  public async listEvents(
    @Request() req: ExpressRequest,
    @Query() type?: WebhookEventType[],
    @Query() limit?: PageSize,
    @Query() cursor?: EventCursor,
  ): Promise<EventPage> {
    return this.events.list(principalOf(req).partnerId, { types: type, limit, cursor });
  }
}

/**
 * The opaque `nextCursor` of the events feed.
 * @maxLength 200
 * @pattern ^[A-Za-z0-9_-]+$
 * @example "ZXYxLjc4MjMxLjQy"
 */
export type EventCursor = string;
