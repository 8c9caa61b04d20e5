import type { DataSource } from 'typeorm';
import { fetch } from 'undici';
import type { JobSender } from '../db/job-sender';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { unseal } from '../common/secret-box';
import { type AttemptOutcome, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WEBHOOK_DELIVERY_QUEUE } from './webhook-event-publisher';
import { publicAddressProblem, publicOnlyDispatcher } from './webhook-address';
import { signedHeaders } from './webhook-signing';

/**
 * Seconds to wait before each retry after a failed attempt: 9 retries over about three days (71.6 hours),
 * first quickly for a blip, then spread out for an outage. 10 attempts in all.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 72000];

export interface WebhookDeliverySettings {
  timeoutMs: number;
  /** Multiplies the retry schedule: 1 in production; tests shrink three days to seconds. */
  retryDelayScale: number;
  allowPrivateAddresses: boolean;
  /** Unseals the stored signing secrets. */
  secretKey: string;
  userAgent: string;
}

/** One connection pool for all deliveries, refusing non-public addresses at connect time (see webhook-address). */
let publicOnly: ReturnType<typeof publicOnlyDispatcher> | undefined;

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  settings: WebhookDeliverySettings,
): Promise<AttemptOutcome> {
  const started = Date.now();
  // Checked again at every attempt: the name may resolve elsewhere than when the endpoint was registered.
  const refused = settings.allowPrivateAddresses ? undefined : await publicAddressProblem(url);
  if (refused) return { status: null, error: `not sent: ${refused}`, durationMs: Date.now() - started };
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': settings.userAgent, ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
      dispatcher: settings.allowPrivateAddresses ? undefined : (publicOnly ??= publicOnlyDispatcher()),
    });
    await response.body?.cancel();
    return { status: response.status, error: null, durationMs: Date.now() - started };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return {
      status: null,
      error: String(cause?.message ?? (error as Error).message).slice(0, 500),
      durationMs: Date.now() - started,
    };
  }
}

/**
 * One attempt at one delivery. The HTTP call happens outside any transaction; its outcome, the delivery's
 * new status and the job for the next attempt are written in one transaction, so a crash loses no retry.
 * A crash during the call makes pg-boss hand the job out again: receivers deduplicate on `webhook-id`.
 */
export async function attemptWebhookDelivery(
  dataSource: DataSource,
  queue: JobSender,
  settings: WebhookDeliverySettings,
  deliveryId: string,
): Promise<void> {
  const deliveries = new WebhookDeliveriesRepository(poolExecutor(dataSource));
  const delivery = await deliveries.findToAttempt(deliveryId);
  if (!delivery || delivery.status !== 'pending') return;
  if (delivery.disabled_at) {
    await deliveries.complete(deliveryId, 'failed', null);
    return;
  }
  const secrets = [delivery.secret, delivery.previous_secret]
    .filter((sealed): sealed is string => Boolean(sealed))
    .map((sealed) => unseal(sealed, settings.secretKey));
  const outcome = await post(
    delivery.url,
    delivery.body,
    signedHeaders(delivery.event_id, delivery.body, secrets),
    settings,
  );

  await inTransaction(dataSource, async (tx, manager) => {
    const locked = new WebhookDeliveriesRepository(tx);
    const current = await locked.lock(deliveryId);
    if (!current || current.status !== 'pending') return;
    await locked.recordAttempt(deliveryId, outcome);
    const attempts = current.attempt_count + 1;
    const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    if (succeeded) {
      await locked.complete(deliveryId, 'succeeded', attempts);
      return;
    }
    if (outcome.status === 410) {
      // 410 Gone: the receiver says the endpoint is no more; stop sending to it (the partner can enable it again).
      await new WebhookEndpointsRepository(tx).disableGone(delivery.endpoint_id);
    }
    const retryIn = RETRY_SCHEDULE_SECONDS[attempts - 1];
    if (outcome.status === 410 || retryIn === undefined) {
      await locked.complete(deliveryId, 'failed', attempts);
      return;
    }
    const nextAttemptAt = new Date(Date.now() + retryIn * 1000 * settings.retryDelayScale);
    await locked.scheduleRetry(deliveryId, attempts, nextAttemptAt);
    await queue.send(manager, WEBHOOK_DELIVERY_QUEUE, { deliveryId }, { startAfter: nextAttemptAt });
  });
}
