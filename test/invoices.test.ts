import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { osloDate } from '../src/common/clock';
import { ctx } from './support/context';
import { as, asEndUser, asOperator, registryPerson } from './support/fixtures';

/** Noon (Oslo) on `day` of the month after `month` (YYYY-MM), or of `month` itself with `offset` 0. */
function noonIn(month: string, offset: number, day = 1): Date {
  const [y, m] = month.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1 + offset, day, 11));
  return at;
}

describe('card-reader stock orders and monthly invoices', function () {
  this.timeout(30_000);
  afterEach(() => ctx().clock.reset());

  it('orders card readers to the partner’s address, with Idempotency-Key; another partner sees none of it', async () => {
    const nordlys = await as('nordlys');
    const product = (await nordlys.get('/v1/orders?limit=1')).body.data[0].cardProduct.id;
    const key = `stock-${randomInt(1e9)}`;
    const first = await nordlys
      .post('/v1/card-reader-orders')
      .set('Idempotency-Key', key)
      .send({ cardProductId: product, quantity: 25 })
      .expect(201);
    const replay = await nordlys
      .post('/v1/card-reader-orders')
      .set('Idempotency-Key', key)
      .send({ cardProductId: product, quantity: 25 })
      .expect(201);
    assert.equal(replay.body.id, first.body.id, 'a retry does not order twice');
    assert.deepEqual(first.body.deliveryAddress, {
      name: 'Nordlys Legesenter AS',
      street: 'Sjøgata 21',
      postalCode: '8006',
      city: 'BODØ',
    });
    assert.equal(first.body.unitPriceOre, 24900);
    assert.equal(first.body.status, 'ordered');
    await nordlys.post('/v1/card-reader-orders').send({ cardProductId: product, quantity: 0 }).expect(400);
    const fjordheim = await as('fjordheim');
    await fjordheim.get(`/v1/card-reader-orders/${first.body.id}`).expect(404);
    const foreign = await fjordheim
      .post('/v1/card-reader-orders')
      .send({ cardProductId: product, quantity: 1 })
      .expect(400);
    assert.equal(foreign.body.errors[0].field, 'cardProductId');
    const shipped = await (
      await asOperator()
    )
      .post(`/v1/operator/card-reader-orders/${first.body.id}/shipment`)
      .send({ trackingNumber: 'RR111111115NO' })
      .expect(200);
    assert.equal(shipped.body.status, 'shipped');
    const listed = (await nordlys.get('/v1/card-reader-orders')).body.data.find(
      (o: { id: string }) => o.id === first.body.id,
    );
    assert.equal(listed.trackingNumber, 'RR111111115NO');
  });

  it('invoices the month: a line per card issued and card reader, stock readers, VAT; a second run makes no second invoice', async () => {
    const nordlys = await as('nordlys');
    const operator = await asOperator();
    // This month: a first order with a card reader, approved and shipped (issued); and 3 stock readers.
    const person = await registryPerson();
    const endUser = await asEndUser(person.nationalId);
    const order = (
      await endUser
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({
          email: `faktura-${randomInt(1e9)}@example.no`,
          company: 'Kunde 4711 – Ærøy',
          cardReader: true,
          delivery: { choice: 'registered' },
        })
        .expect(201)
    ).body;
    const card = (await nordlys.post(`/v1/orders/${order.id}/approve`).expect(200)).body.card;
    await operator.post(`/v1/operator/cards/${card.id}/shipment`).send({ trackingNumber: 'RR222222225NO' }).expect(200);
    const product = (await nordlys.get(`/v1/orders/${order.id}`)).body.cardProduct.id;
    const stock = (
      await nordlys.post('/v1/card-reader-orders').send({ cardProductId: product, quantity: 3 }).expect(201)
    ).body;

    // The month the card left production (the database's time), and the run's day set from it: within that month
    // the month cannot be invoiced yet; on the 1st of the next it is.
    const [{ month: period }] = await ctx().dataSource.query(
      `SELECT to_char(issued_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM') AS month FROM card WHERE id = $1`,
      [card.id],
    );
    ctx().clock.set(noonIn(period, 0, 15));
    const notYet = await operator.post(`/v1/operator/jobs/invoices/runs?month=${period}`).expect(400);
    assert.equal(notYet.body.errors[0].field, 'month');
    ctx().clock.set(noonIn(period, 1));
    const run = await operator.post('/v1/operator/jobs/invoices/runs').expect(200);
    assert.equal(run.body.day, osloDate(noonIn(period, 1)));
    assert.ok(run.body.processed >= 1, 'every partner with cards issued that month, ours among them');
    const again = await operator.post('/v1/operator/jobs/invoices/runs').expect(200);
    assert.equal(again.body.processed, 0, 'no second invoice');

    const invoices = (await nordlys.get('/v1/invoices')).body.data.filter(
      (i: { period: string }) => i.period === period,
    );
    assert.equal(invoices.length, 1, 'one invoice for the month');
    const invoice = (await nordlys.get(`/v1/invoices/${invoices[0].id}`).expect(200)).body;
    assert.equal(invoice.vatPercent, 25);
    assert.equal(invoice.vatOre, Math.round(invoice.netOre * 0.25));
    assert.equal(invoice.totalOre, invoice.netOre + invoice.vatOre);
    assert.equal(
      invoice.netOre,
      invoice.groups.reduce((sum: number, g: { amountOre: number }) => sum + g.amountOre, 0),
    );
    const byItem = (item: string) => invoice.groups.filter((g: { item: string }) => g.item === item);
    assert.ok(
      byItem('card').some(
        (g: { orderKind: string; unitPriceOre: number }) => g.orderKind === 'new' && g.unitPriceOre === 39900,
      ),
    );
    assert.ok(byItem('card_reader').some((g: { unitPriceOre: number }) => g.unitPriceOre === 24900));
    assert.ok(byItem('card_reader_stock').some((g: { quantity: number }) => g.quantity >= 3));

    const lines = (await nordlys.get(`/v1/invoices/${invoice.id}/lines?limit=1000`).expect(200)).body.data as {
      reference: string;
      company: string;
      item: string;
    }[];
    const ours = lines.filter((l) => l.reference.startsWith(order.orderNumber));
    assert.deepEqual(ours.map((l) => l.item).sort(), ['card', 'card_reader']);
    assert.ok(ours.every((l) => l.company === 'Kunde 4711 – Ærøy'));
    assert.ok(lines.some((l) => l.item === 'card_reader_stock' && l.reference === stock.orderNumber));
    const csv = await nordlys.get(`/v1/invoices/${invoice.id}/lines`).set('Accept', 'text/csv').expect(200);
    assert.match(csv.text, /^item,cardProduct,orderKind,reference,company,quantity,unitPriceOre,amountOre\n/);
    assert.match(csv.text, /Kunde 4711 – Ærøy/);
    assert.equal((await nordlys.get(`/v1/card-reader-orders/${stock.id}`)).body.invoiceNumber, invoice.invoiceNumber);

    await (await as('fjordheim')).get(`/v1/invoices/${invoice.id}`).expect(404);
    await (await as('fjordheim')).get(`/v1/invoices/${invoice.id}/lines?format=csv`).expect(404);
    await (await as('nordlys', 'orders:read')).get('/v1/invoices').expect(403);
  });
});
