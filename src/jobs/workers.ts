import { expireCards, runProductionLine } from '../cards/card-jobs';
import { sendExpiryNotices } from '../expiry-notices/expiry-notice-jobs';
import { osloDate } from '../common/clock';
import { sendOutboxEmail } from '../notifications/email-sender';
import type { Services } from '../services';
import { attemptWebhookDelivery } from '../webhooks/webhook-delivery';
import { QUEUES } from './job-queue';

/**
 * Starts this process's workers: the outbox senders (e-mail, webhooks) and the daily jobs on their
 * schedules (Europe/Oslo). Several processes may run them; pg-boss hands each job to one.
 */
export async function startWorkers(services: Services): Promise<void> {
  const { jobQueue: queue, dataSource, outbox, clock, config, mailer } = services;
  await queue.work<{ emailId: string }>(QUEUES.sendEmail, ({ emailId }) =>
    sendOutboxEmail(dataSource, mailer, emailId),
  );
  await queue.work<{ deliveryId: string }>(QUEUES.deliverWebhook, ({ deliveryId }) =>
    attemptWebhookDelivery(dataSource, queue, { ...config.webhooks, userAgent: 'Partnerweb-Webhooks/1.0' }, deliveryId),
  );
  await queue.work(QUEUES.expireCards, async () => {
    const expired = await expireCards(dataSource, outbox, osloDate(clock.now()));
    services.logger.info({ expired }, 'cards.expire done');
  });
  await queue.work(QUEUES.expiryNotices, async () => {
    const noticed = await sendExpiryNotices(dataSource, outbox, osloDate(clock.now()));
    services.logger.info({ noticed }, 'cards.expiry-notices done');
  });
  await queue.work(QUEUES.invoices, async () => {
    const made = await services.operator.runJob('invoices');
    services.logger.info(made, 'invoices.monthly done');
  });
  await queue.work(QUEUES.retention, async () => {
    const deleted = await services.operator.runJob('retention');
    services.logger.info(deleted, 'retention.daily done');
  });
  await queue.work(QUEUES.approvalPolicies, async () => {
    const run = await services.operator.runJob('approval-policies');
    services.logger.info(run, 'approval-policies.daily done');
  });
  await queue.schedule(QUEUES.expireCards, '5 0 * * *');
  await queue.schedule(QUEUES.approvalPolicies, '0 7 * * *');
  await queue.schedule(QUEUES.expiryNotices, '0 6 * * *');
  await queue.schedule(QUEUES.invoices, '0 3 1 * *');
  await queue.schedule(QUEUES.retention, '30 3 * * *');
  if (config.productionLine.simulate) {
    await queue.work(QUEUES.productionLine, async () => {
      const moved = await runProductionLine(dataSource, outbox, config.productionLine.delaySeconds);
      if (moved.shipped || moved.activated) services.logger.info(moved, 'production line (simulated) moved cards');
    });
    await queue.schedule(QUEUES.productionLine, '* * * * *');
  } else {
    await queue.unschedule(QUEUES.productionLine);
  }
}
