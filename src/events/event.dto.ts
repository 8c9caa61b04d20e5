import type { PartnerwebEvent } from '../webhooks/webhook-event.dto';

/** A page of the events feed, oldest first. */
export interface EventPage {
  /** The events after the cursor you sent, in the order they happened. @maxItems 100 */
  data: PartnerwebEvent[];
  /**
   * Where to continue: send it as `cursor` next time. Always present, also when `data` is empty, so that a
   * poller keeps it and asks again later. @maxLength 200 @example "ZXYxLjc4MjMxLjQy"
   */
  nextCursor: string;
  /** True when more events are ready now: ask again at once rather than after your polling interval. */
  hasMore: boolean;
}
