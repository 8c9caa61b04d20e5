import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ctx } from './support/context';
import { as, asEndUser, registryPerson } from './support/fixtures';

const root = path.join(__dirname, '..', '..');

async function orderStatus(orderId: string, wanted: string): Promise<string> {
  const partner = await as('nordlys');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = (await partner.get(`/v1/orders/${orderId}`)).body.status as string;
    if (status === wanted || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** examples/webhook-receiver.ts as a partner would run it, against the API on a real port. */
describe('examples/webhook-receiver.ts', function () {
  this.timeout(60_000);
  let api: Server;
  let receiver: ChildProcess;
  let output = '';

  before(async () => {
    api = ctx().app.listen(0, '127.0.0.1');
    await new Promise((resolve) => api.once('listening', resolve));
    const baseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    receiver = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['examples/webhook-receiver.ts', '--register'], {
      cwd: root,
      env: { ...process.env, PARTNERWEB_URL: baseUrl, WEBHOOK_RECEIVER_PORT: '0', NODE_ENV: 'development' },
    });
    receiver.stdout!.on('data', (chunk) => (output += chunk));
    receiver.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 30_000;
    while (!output.includes('listening on')) {
      if (Date.now() > deadline || receiver.exitCode !== null)
        throw new Error(`the receiver did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    receiver?.kill();
    api?.close();
    const partner = await as('nordlys');
    for (const endpoint of (await partner.get('/v1/webhook-endpoints')).body.data) {
      if (endpoint.description === 'examples/webhook-receiver.ts')
        await partner.delete(`/v1/webhook-endpoints/${endpoint.id}`);
    }
  });

  it('verifies the signed order.created webhook and decides the order by its rule', async () => {
    const staff = await asEndUser((await registryPerson()).nationalId);
    const ofOurs = (
      await staff
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({
          email: `staff-${randomInt(1e9)}@example.no`,
          company: 'Nordlys Legesenter Tromsø',
          delivery: { choice: 'registered' },
        })
        .expect(201)
    ).body;
    const stranger = await asEndUser((await registryPerson()).nationalId);
    const notOurs = (
      await stranger
        .post('/v1/order-pages/nordlys-ansatt/orders')
        .send({
          email: `other-${randomInt(1e9)}@example.no`,
          company: 'Et annet firma AS',
          delivery: { choice: 'registered' },
        })
        .expect(201)
    ).body;
    assert.equal(await orderStatus(ofOurs.id, 'approved'), 'approved', output);
    assert.equal(await orderStatus(notOurs.id, 'rejected'), 'rejected', output);
    assert.match(output, new RegExp(`${ofOurs.orderNumber} .*: approved`));
  });
});
