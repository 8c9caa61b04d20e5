import assert from 'node:assert/strict';
import { PartnerwebClient, type PartnerwebEvent } from '@partnerweb/sdk';
import { pendingOrder } from './support/fixtures';
import { liveServer } from './support/live-server';

/** The SDK on the events feed: auto-pagination, and follow() polling from a cursor and resuming where it left off. */
describe('the SDK: events feed', function () {
  this.timeout(60_000);
  const live = liveServer();
  const client = () =>
    new PartnerwebClient({ baseUrl: live.baseUrl, clientId: 'demo-nordlys', clientSecret: 'nordlys-demo-secret' });

  /** The cursor at the current end of the feed. */
  async function endOfFeed(partnerweb: PartnerwebClient): Promise<string> {
    let page = await partnerweb.events.list({ limit: 100 });
    while (page.hasNextPage()) page = await page.getNextPage();
    return page.nextCursor!;
  }

  it('lists the feed past its first page, oldest first, and ends when nothing more is ready', async () => {
    const partnerweb = client();
    const start = await endOfFeed(partnerweb);
    const orders = [await pendingOrder('nordlys'), await pendingOrder('nordlys'), await pendingOrder('nordlys')];
    const first = await partnerweb.events.list({ cursor: start, limit: 2, type: ['order.created'] });
    assert.equal(first.data.length, 2);
    assert.ok(first.hasNextPage());
    const events = await partnerweb.events.list({ cursor: start, limit: 2, type: ['order.created'] }).toArray();
    assert.deepEqual(
      events.map((e) => e.type === 'order.created' && e.data.orderId),
      orders.map((o) => o.id),
    );
  });

  it('follows the feed: yields new events as they come, and a follower started from its cursor goes on exactly after', async () => {
    const partnerweb = client();
    const start = await endOfFeed(partnerweb);
    const controller = new AbortController();
    const follower = partnerweb.events.follow({
      cursor: start,
      types: ['order.created'],
      limit: 2,
      pollInterval: 100,
      signal: controller.signal,
    });
    const seen: PartnerwebEvent[] = [];
    const orders: string[] = [];
    const following = (async () => {
      for await (const event of follower) {
        seen.push(event);
        if (seen.length === 3) break;
      }
    })();
    // The follower is polling an empty feed; the events come while it waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let n = 0; n < 3; n++) orders.push((await pendingOrder('nordlys')).id);
    await following;
    assert.deepEqual(
      seen.map((e) => e.type === 'order.created' && e.data.orderId),
      orders,
    );

    // Later (another process, after a restart): resume from the stored cursor; only what came since.
    orders.push((await pendingOrder('nordlys')).id);
    const resumed: PartnerwebEvent[] = [];
    for await (const event of partnerweb.events.follow({
      cursor: follower.cursor,
      types: ['order.created'],
      pollInterval: 100,
      signal: controller.signal,
    })) {
      resumed.push(event);
      controller.abort(); // aborting ends the iteration quietly
    }
    assert.deepEqual(
      resumed.map((e) => e.type === 'order.created' && e.data.orderId),
      [orders[3]],
    );
  });
});
