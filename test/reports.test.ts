import assert from 'node:assert/strict';
import request from 'supertest';
import { ctx } from './support/context';
import { bulkPartner } from './support/bulk';
import { csvRecords } from './support/csv';
import { as, asOperator, endUserWithActiveCard } from './support/fixtures';

const BOM = '\uFEFF';

describe('reports', function () {
  this.timeout(60_000);

  it('orders by order date: pending and approved within the Oslo dates, never rejected, never another partner’s', async () => {
    const nordlys = await as('nordlys');
    const all = (await nordlys.get('/v1/reports/orders?limit=1000').expect(200)).body.data as {
      orderNumber: string;
      status: string;
      orderedAt: string;
    }[];
    assert.ok(all.length >= 9);
    assert.ok(all.every((o) => o.status === 'pending' || o.status === 'approved'));
    const fjordheim = (await (await as('fjordheim')).get('/v1/reports/orders?limit=1000')).body.data as {
      orderNumber: string;
    }[];
    assert.equal(all.filter((o) => fjordheim.some((f) => f.orderNumber === o.orderNumber)).length, 0);
    const [{ rejected }] = await ctx().dataSource.query(
      `SELECT array_agg(order_number) AS rejected FROM card_order WHERE status = 'rejected'`,
    );
    assert.ok(!all.some((o) => rejected.includes(o.orderNumber)));

    const today = new Date();
    const from = new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    const recent = (await nordlys.get(`/v1/reports/orders?orderedFrom=${from}&limit=1000`).expect(200)).body.data as {
      orderedAt: string;
    }[];
    assert.ok(recent.length > 0 && recent.length < all.length);
    assert.ok(
      recent.every(
        (o) => o.orderedAt >= `${from}T00:00:00` || o.orderedAt >= new Date(`${from}T00:00:00+01:00`).toISOString(),
      ),
    );
    const bad = await nordlys.get(`/v1/reports/orders?orderedFrom=2026-05-02&orderedTo=2026-05-01`).expect(400);
    assert.equal(bad.body.errors[0].field, 'orderedTo');
  });

  it('approved orders include the cards issued before self-service', async () => {
    const rows = (await (await as('nordlys')).get('/v1/reports/approved-orders?limit=1000').expect(200)).body.data as {
      source: string;
      orderNumber: string | null;
      cardSerialNumber: string;
    }[];
    const legacy = rows.filter((r) => r.source === 'before_self_service');
    assert.ok(legacy.length >= 1);
    assert.ok(legacy.every((r) => r.orderNumber === null && r.cardSerialNumber.startsWith('BPS')));
    assert.ok(rows.some((r) => r.source === 'order'));
  });

  it('expiring cards say whether a renewal is ordered and in which status', async () => {
    const renewing = await endUserWithActiveCard('fjordheim');
    const notRenewing = await endUserWithActiveCard('fjordheim');
    const fjordheim = await as('fjordheim');
    // A month before the cards expire: one holder has ordered the renewal, the other has not.
    ctx().clock.set(new Date(new Date(`${renewing.expiresOn}T12:00:00Z`).getTime() - 30 * 86_400_000));
    try {
      const renewal = (
        await renewing.endUser
          .post('/v1/me/orders')
          .send({ kind: 'renewal', cardId: renewing.cardId, delivery: { choice: 'registered' } })
          .expect(201)
      ).body;
      const rows = (await fjordheim.get('/v1/reports/expiring-cards?withinDays=60&limit=1000').expect(200)).body
        .data as {
        cardSerialNumber: string;
        daysLeft: number;
        renewal: string;
        renewalOrderNumber: string | null;
        renewalCardStatus: string | null;
      }[];
      const row = (serial: string) => rows.find((r) => r.cardSerialNumber === serial);
      assert.equal(row(renewing.serialNumber)!.renewal, 'pending');
      assert.equal(row(renewing.serialNumber)!.renewalOrderNumber, renewal.orderNumber);
      assert.equal(row(notRenewing.serialNumber)!.renewal, 'none');
      assert.equal(row(notRenewing.serialNumber)!.renewalOrderNumber, null);
      assert.ok(rows.every((r) => r.daysLeft >= 0 && r.daysLeft <= 60));
      assert.ok(row(renewing.serialNumber)!.daysLeft >= 29 && row(renewing.serialNumber)!.daysLeft <= 31);
      assert.equal(
        rows.find((r) => r.cardSerialNumber === renewing.serialNumber)!.renewalCardStatus,
        null,
        'no card before approval',
      );
      const newCard = (await fjordheim.post(`/v1/orders/${renewal.id}/approve`).expect(200)).body.card;
      const renewalState = async () => {
        const page = (await fjordheim.get('/v1/reports/expiring-cards?withinDays=60&limit=1000')).body.data as {
          cardSerialNumber: string;
          renewal: string;
          renewalCardStatus: string;
        }[];
        const found = page.find((r) => r.cardSerialNumber === renewing.serialNumber)!;
        return [found.renewal, found.renewalCardStatus];
      };
      // The renewal's card as it goes: made, posted, taken into use.
      assert.deepEqual(await renewalState(), ['approved', 'in_production']);
      const operator = await asOperator();
      await operator
        .post(`/v1/operator/cards/${newCard.id}/shipment`)
        .send({ trackingNumber: 'RR123456785NO' })
        .expect(200);
      assert.deepEqual(await renewalState(), ['approved', 'shipped']);
      await operator.post(`/v1/operator/cards/${newCard.id}/activation`).expect(200);
      assert.deepEqual(await renewalState(), ['approved', 'active']);
      const within = (await fjordheim.get('/v1/reports/expiring-cards?withinDays=20&limit=1000')).body.data as {
        cardSerialNumber: string;
      }[];
      assert.ok(!within.some((r) => r.cardSerialNumber === renewing.serialNumber));
      await fjordheim.get('/v1/reports/expiring-cards?withinDays=0').expect(400);
      const nordlys = (await (await as('nordlys')).get('/v1/reports/expiring-cards?withinDays=60&limit=1000')).body
        .data as { cardSerialNumber: string }[];
      assert.ok(!nordlys.some((r) => r.cardSerialNumber === renewing.serialNumber), "another partner's card");
    } finally {
      ctx().clock.reset();
    }
  });

  it('end users with their active cards and latest order', async () => {
    const holder = await endUserWithActiveCard('fjordheim');
    const [{ email }] = await ctx().dataSource.query(`SELECT email FROM end_user WHERE national_id = $1`, [
      holder.person.nationalId,
    ]);
    const rows = (await (await as('fjordheim')).get('/v1/reports/end-users?limit=1000').expect(200)).body.data as {
      nationalId: string;
      email: string;
      activeCards: number;
      activeCardSerialNumbers: string;
      latestOrderNumber: string;
      status: string;
    }[];
    const row = rows.find((r) => r.email === email)!;
    assert.equal(
      row.nationalId,
      `${holder.person.nationalId.slice(0, 6)}*****`,
      'the birth date shown, the personal digits hidden',
    );
    assert.equal(row.activeCards, 1);
    assert.equal(row.activeCardSerialNumbers, holder.serialNumber);
    assert.equal(row.latestOrderNumber, holder.order.orderNumber);
    assert.equal(row.status, 'approved');
    const nordlys = (await (await as('nordlys')).get('/v1/reports/end-users?limit=1000')).body.data as {
      email: string;
    }[];
    assert.ok(!nordlys.some((r) => r.email === email), "another partner's end user");
  });

  it('CSV by Accept or format=, UTF-8 with a header row, a BOM only when asked; NDJSON one object a line', async () => {
    const nordlys = await as('nordlys');
    const csv = await nordlys
      .get('/v1/reports/orders')
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      });
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.match(csv.headers['content-disposition'], /attachment; filename="orders.csv"/);
    const records = csvRecords(csv.body as string);
    assert.deepEqual(records[0].slice(0, 4), ['orderNumber', 'orderedAt', 'kind', 'status']);
    assert.ok(
      records.some((r) => r.includes('nordlys legesenter tromsø avd. Ærøy')),
      'æ, ø, å intact',
    );
    assert.ok(!(csv.body as string).startsWith(BOM));
    const withBom = await nordlys
      .get('/v1/reports/orders?format=csv&bom=true')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    assert.deepEqual([...(withBom.body as Buffer).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const ndjson = await nordlys
      .get('/v1/reports/orders')
      .set('Accept', 'application/x-ndjson')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      });
    assert.match(ndjson.headers['content-type'], /^application\/x-ndjson/);
    const lines = (ndjson.body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, records.length - 1, 'the same rows as the CSV');
    assert.ok(lines.every((l) => typeof l.orderNumber === 'string' && typeof l.cardReader === 'boolean'));
    const bad = await nordlys.get('/v1/reports/orders?format=ndjson&bom=true').expect(400);
    assert.equal(bad.body.errors[0].field, 'bom');
    const unknown = await nordlys.get('/v1/reports/orders?format=xml').expect(400);
    assert.equal(unknown.body.errors[0].message, 'must be one of: json, csv, ndjson');
  });

  it('needs reports:read', async () => {
    await (await as('nordlys', 'orders:read')).get('/v1/reports/orders').expect(403);
  });

  describe('at volume', () => {
    let client: { clientId: string; secret: string };
    let token: string;
    const COUNT = 50_000;
    before(async function () {
      // 10 s on a quiet machine; minutes when seven test suites share two cores.
      this.timeout(240_000);
      client = await bulkPartner(COUNT);
      token = (
        await request(ctx().app)
          .post('/oauth/token')
          .auth(client.clientId, client.secret)
          .type('form')
          .send({ grant_type: 'client_credentials' })
      ).body.access_token;
    });

    it('streams a 50,000-row CSV and NDJSON export to the end', async () => {
      const csv = await request(ctx().app)
        .get('/v1/reports/approved-orders?format=csv')
        .set('Authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => done(null, text));
        });
      assert.equal(csv.status, 200);
      const records = csvRecords(csv.body as string);
      assert.equal(records.length, COUNT + 1, 'the header and every row');
      assert.ok(records.slice(1).every((r) => r[0] === 'order' && /^Bedrift «\d+» æøå$/.test(r[5])));
      const ndjson = await request(ctx().app)
        .get('/v1/reports/approved-orders?format=ndjson')
        .set('Authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((res, done) => {
          let lines = 0;
          let tail = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            const parts = (tail + c).split('\n');
            tail = parts.pop()!;
            lines += parts.length;
          });
          res.on('end', () => done(null, { lines, tail }));
        });
      assert.deepEqual(ndjson.body, { lines: COUNT, tail: '' });
    });

    it('pages through all 50,000 with cursors: no row twice, none missed', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await request(ctx().app)
          .get(`/v1/reports/approved-orders?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
        for (const row of res.body.data) seen.add(row.cardSerialNumber);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(seen.size, COUNT);
      assert.equal(pages, COUNT / 1000);
    });
  });
});
