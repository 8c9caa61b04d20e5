import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPartnerwebClient, PartnerwebError } from '@partnerweb/sdk';
import { ctx } from './support/context';
import { pendingOrder } from './support/fixtures';

/** The SDK against a real listening server: tokens, typed calls, pagination and typed errors. */
describe('the SDK', () => {
  let server: Server;
  let baseUrl: string;

  before((done) => {
    server = ctx().app.listen(0, '127.0.0.1', () => {
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      done();
    });
  });
  after((done) => {
    server.close(() => done());
  });

  const client = () => createPartnerwebClient({ baseUrl, clientId: 'demo-nordlys', clientSecret: 'nordlys-demo-secret' });

  it('lists pending orders, corrects the company field and approves', async () => {
    const order = await pendingOrder('nordlys', { company: 'sdk test' });
    const partnerweb = client();
    const page = await partnerweb.listOrders({ status: 'pending', q: order.orderNumber });
    assert.deepEqual(page.data.map((o) => o.id), [order.id]);
    const corrected = await partnerweb.correctCompany(order.id, 'SDK-testen Ærø AS');
    assert.equal(corrected.company, 'SDK-testen Ærø AS');
    assert.equal(corrected.etag, '"2"');
    const approved = await partnerweb.approveOrder(order.id, { ifMatch: corrected.etag });
    assert.equal(approved.status, 'approved');
    assert.equal(approved.card?.status, 'in_production');
  });

  it('walks every page with allOrders', async () => {
    const partnerweb = client();
    const ids: string[] = [];
    for await (const o of partnerweb.allOrders({ limit: 2 })) ids.push(o.id);
    const direct = await partnerweb.listOrders({ limit: 100 });
    assert.deepEqual(ids.slice(0, direct.data.length), direct.data.map((o) => o.id));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('throws PartnerwebError with status, problem details and request id', async () => {
    const order = await pendingOrder('nordlys');
    const partnerweb = client();
    await partnerweb.rejectOrder(order.id, { reason: 'not_affiliated', message: 'Ikke ansatt hos oss.' });
    await assert.rejects(partnerweb.approveOrder(order.id), (error: unknown) => {
      assert.ok(error instanceof PartnerwebError);
      assert.equal(error.status, 409);
      assert.equal(error.code, 'order-not-pending');
      assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });
  });

  it('fails with invalid-client on wrong credentials', async () => {
    const partnerweb = createPartnerwebClient({ baseUrl, clientId: 'demo-nordlys', clientSecret: 'wrong' });
    await assert.rejects(partnerweb.listOrders(), (error: unknown) => error instanceof PartnerwebError && error.status === 401 && error.code === 'invalid-client');
  });

  it('reads end users with their cards and orders', async () => {
    const order = await pendingOrder('nordlys');
    const endUser = await client().getEndUser(order.endUserId);
    assert.equal(endUser.orders[0].id, order.id);
  });
});
