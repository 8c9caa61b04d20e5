import assert from 'node:assert/strict';
import { PartnerwebClient, type PagePromise } from '@partnerweb/sdk';
import { bulkPartner } from './support/bulk';
import { ctx } from './support/context';
import { liveServer } from './support/live-server';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Auto-pagination on every list: each is read with pages of 2 items over data made here for a partner of its
 * own, so every iteration crosses page boundaries, and the items come out complete and without repeats.
 */
describe('the SDK: auto-pagination on every list', function () {
  this.timeout(60_000);
  const live = liveServer();
  let partnerweb: PartnerwebClient;
  let partnerId: string;

  before(async () => {
    const bulk = await bulkPartner(5);
    partnerId = bulk.partnerId;
    partnerweb = new PartnerwebClient({ baseUrl: live.baseUrl, clientId: bulk.clientId, clientSecret: bulk.secret });
  });

  /** Checks that the first page has a next one, and that iterating gives `expected` items, each once. */
  async function walksEveryPage<T>(
    list: () => PagePromise<T>,
    expected: number,
    key: (item: T) => string = (i) => (i as { id: string }).id,
  ) {
    const first = await list();
    assert.equal(first.data.length, 2);
    assert.ok(first.hasNextPage(), 'a second page');
    const all: T[] = [];
    for await (const item of list()) all.push(item);
    assert.equal(all.length, expected);
    assert.equal(new Set(all.map(key)).size, expected, 'no item twice');
    let pages = 0;
    for await (const page of first.iterPages()) pages += page.data.length > 0 ? 1 : 0;
    assert.equal(pages, Math.ceil(expected / 2));
    assert.deepEqual((await list().toArray({ limit: 3 })).map(key), all.slice(0, 3).map(key));
    return all;
  }

  it('orders and end users', async () => {
    const orders = await walksEveryPage(() => partnerweb.orders.list({ limit: 2 }), 5);
    const newestFirst = orders.map((o) => o.orderedAt);
    assert.deepEqual(newestFirst, [...newestFirst].sort().reverse());
    await walksEveryPage(() => partnerweb.endUsers.list({ limit: 2 }), 5);
  });

  it('reports', async () => {
    await walksEveryPage(
      () => partnerweb.reports.approvedOrders.list({ limit: 2 }),
      5,
      (r) => r.cardSerialNumber,
    );
    await walksEveryPage(
      () => partnerweb.reports.endUsers.list({ limit: 2 }),
      5,
      (r) => JSON.stringify(r),
    );
  });

  it('card-reader orders and powers of attorney', async () => {
    const product = (await partnerweb.orders.list({ limit: 1 })).data[0].cardProduct.id;
    await partnerweb.partner.update({ address: { street: 'Storgata 1', postalCode: '0150', city: 'OSLO' } });
    for (const quantity of [1, 2, 3]) await partnerweb.cardReaderOrders.create({ cardProductId: product, quantity });
    await walksEveryPage(() => partnerweb.cardReaderOrders.list({ limit: 2 }), 3);
    for (const n of [1, 2, 3]) {
      await partnerweb.powersOfAttorney.upload(
        new TextEncoder().encode(`%PDF-1.5\n% fullmakt ${n} ${partnerId}\n%%EOF\n`),
        `fullmakt-${n}.pdf`,
      );
    }
    await walksEveryPage(() => partnerweb.powersOfAttorney.list({ limit: 2 }), 3);
  });

  it('webhook deliveries', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const endpoint = await partnerweb.webhooks.endpoints.create({ url: receiver.url, eventTypes: ['order.created'] });
      for (let n = 0; n < 3; n++) await partnerweb.webhooks.endpoints.sendTestEvent(endpoint.id);
      await walksEveryPage(() => partnerweb.webhooks.deliveries.list(endpoint.id, { limit: 2 }), 3);
    } finally {
      await receiver.stop();
    }
  });

  it('invoices and invoice lines', async () => {
    // Three months already invoiced (the invoicing job's own rows, as it writes them), each with three lines.
    const { dataSource } = ctx();
    const [product] = await dataSource.query(`SELECT id FROM card_product WHERE partner_id = $1`, [partnerId]);
    for (const month of ['2026-01-01', '2026-02-01', '2026-03-01']) {
      const [invoice] = await dataSource.query(
        `INSERT INTO invoice (partner_id, period_start, net_ore, vat_ore, total_ore, issued_at)
         VALUES ($1, $2, 74700, 18675, 93375, $2::date + interval '1 month') RETURNING id`,
        [partnerId, month],
      );
      await dataSource.query(
        `INSERT INTO invoice_line (invoice_id, item, card_product_id, reference, quantity, unit_price_ore, amount_ore, created_at)
         SELECT $1, 'card_reader_stock', $2, 'stock ' || n, 1, 24900, 24900, now() + make_interval(secs => n) FROM generate_series(1, 3) n`,
        [invoice.id, product.id],
      );
    }
    const invoices = await walksEveryPage(() => partnerweb.invoices.list({ limit: 2 }), 3);
    await walksEveryPage(
      () => partnerweb.invoices.listLines(invoices[0].id, { limit: 2 }),
      3,
      (l) => l.reference,
    );
  });
});
