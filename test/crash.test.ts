import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { startWorkers } from '../src/jobs/workers';
import { testEnvironment } from './hooks';
import { ctx } from './support/context';
import { as, asEndUser, registryPerson } from './support/fixtures';
import { eventData, WebhookReceiver } from './support/webhook-receiver';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The outbox's promise: a worker process dies (SIGKILL) after the order committed, in the middle of sending
 * its e-mails and its webhook; a worker started afterwards delivers every notice, and each arrives once.
 */
describe('a worker killed between commit and delivery', function () {
  this.timeout(90_000);
  const receiver = new WebhookReceiver();
  let worker: ChildProcess | undefined;

  before(() => receiver.start());
  after(async () => {
    worker?.kill('SIGKILL');
    ctx().mail.holdData = false;
    await receiver.stop();
    await startWorkers(ctx().services);
  });

  it('delivers every e-mail and webhook of the order once, after a restart', async () => {
    const { services, mail, databaseUrl } = ctx();
    // Only the worker process below (and after it, the restarted one) may send.
    await services.jobQueue.stopWorkers();

    const partner = await as('fjordheim');
    const mailbox = `eid-${randomInt(1e9)}@fjordheim.kommune.example.no`;
    await partner.patch('/v1/partner').send({ notificationEmail: mailbox }).expect(200);
    await partner
      .post('/v1/webhook-endpoints')
      .send({ url: receiver.url, eventTypes: ['order.created'] })
      .expect(201);

    // The mail server and the partner's receiver both stall: the worker will be mid-delivery when it dies.
    mail.holdData = true;
    receiver.answer = () => 'hang';
    const startedBefore = mail.dataStarted;

    const person = await registryPerson({ givenName: 'Øystein' });
    const email = `oystein-${randomInt(1e9)}@example.no`;
    const endUser = await asEndUser(person.nationalId);
    const order = (
      await endUser
        .post('/v1/order-pages/fjordheim-helse/orders')
        .send({ email, company: 'Fjordheim sjukeheim', delivery: { choice: 'registered' } })
        .expect(201)
    ).body;

    worker = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'worker.js')], {
      env: { ...process.env, ...testEnvironment(databaseUrl, mail.url), LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    await until(
      () => mail.dataStarted >= startedBefore + 2 && receiver.received.some((r) => eventData(r).orderId === order.id),
      'the worker to be mid-delivery',
    );
    worker.kill('SIGKILL');
    await exited;
    assert.equal(mail.to(email).length + mail.to(mailbox).length, 0, 'nothing was accepted before the crash');

    // Restart: the mail server and the receiver answer again; the abandoned jobs come back and are delivered.
    mail.holdData = false;
    receiver.answer = () => 204;
    await startWorkers(services);
    await until(() => mail.to(email).length === 1 && mail.to(mailbox).length === 1, 'both e-mails after the restart');
    await until(
      () => receiver.received.some((r) => r.answered === 204 && eventData(r).orderId === order.id),
      'the webhook after the restart',
    );

    // Until no job that could send a duplicate is left: every e-mail and delivery job of this order has finished
    // (pg-boss's own table; an abandoned job would still be 'active' or come back as 'retry').
    await until(async () => {
      const [{ open }] = await services.dataSource.query(
        `SELECT count(*)::int AS open FROM pgboss.job
          WHERE state IN ('created', 'retry', 'active')
            AND ((name = 'email.send' AND data->>'emailId' IN (SELECT id::text FROM email_message WHERE subject_id = $1))
              OR (name = 'webhook.deliver' AND data->>'deliveryId' IN (SELECT d.id::text FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
                                                                       WHERE e.payload->'data'->>'orderId' = $1::text)))`,
        [order.id],
      );
      return open === 0;
    }, 'every job of the order finished');
    assert.equal(mail.to(email).length, 1, 'the confirmation exactly once');
    assert.equal(mail.to(mailbox).length, 1, 'the partner copy exactly once');
    assert.equal(mail.to(email)[0].subject, `Bestillingsbekreftelse ${order.orderNumber}`);
    const forOrder = receiver.received.filter((r) => eventData(r).orderId === order.id);
    assert.equal(forOrder.filter((r) => r.answered === 204).length, 1, 'one successful webhook delivery');
    assert.equal(
      new Set(forOrder.map((r) => r.headers['webhook-id'])).size,
      1,
      'every attempt carries the same webhook-id, for deduplication',
    );
    const [outbox] = await services.dataSource.query(
      `SELECT count(*)::int AS n, count(sent_at)::int AS sent FROM email_message WHERE subject_id = $1`,
      [order.id],
    );
    assert.deepEqual(outbox, { n: 2, sent: 2 });
  });
});
