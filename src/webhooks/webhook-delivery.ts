import type { DataSource } from 'typeorm';
import { fetch } from 'undici';
import type { JobQueue } from '../jobs/job-queue';
import { QUEUES } from '../jobs/job-queue';
import { unseal } from './secret-box';
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

type Outcome = { status: number | null; error: string | null; durationMs: number };

/** One connection pool for all deliveries, refusing non-public addresses at connect time (see webhook-address). */
let publicOnly: ReturnType<typeof publicOnlyDispatcher> | undefined;

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  settings: WebhookDeliverySettings,
): Promise<Outcome> {
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
  queue: JobQueue,
  settings: WebhookDeliverySettings,
  deliveryId: string,
): Promise<void> {
  const [delivery] = await dataSource.query(
    `SELECT d.id, d.status, e.id AS endpoint_id, e.url, e.secret, e.disabled_at,
            CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret,
            ev.id AS event_id, ev.payload::text AS body
       FROM webhook_delivery d
       JOIN webhook_endpoint e ON e.id = d.endpoint_id
       JOIN webhook_event ev ON ev.id = d.event_id
      WHERE d.id = $1`,
    [deliveryId],
  );
  if (!delivery || delivery.status !== 'pending') return;
  if (delivery.disabled_at) {
    await dataSource.query(
      `UPDATE webhook_delivery SET status = 'failed', completed_at = now(), next_attempt_at = NULL WHERE id = $1`,
      [deliveryId],
    );
    return;
  }
  const secrets = [delivery.secret, delivery.previous_secret]
    .filter(Boolean)
    .map((sealed: string) => unseal(sealed, settings.secretKey));
  const outcome = await post(
    delivery.url,
    delivery.body,
    signedHeaders(delivery.event_id, delivery.body, secrets),
    settings,
  );

  await dataSource.transaction(async (manager) => {
    const [current] = await manager.query(
      `SELECT status, attempt_count FROM webhook_delivery WHERE id = $1 FOR UPDATE`,
      [deliveryId],
    );
    if (!current || current.status !== 'pending') return;
    await manager.query(
      `INSERT INTO webhook_delivery_attempt (delivery_id, response_status, error, duration_ms) VALUES ($1, $2, $3, $4)`,
      [deliveryId, outcome.status, outcome.error, outcome.durationMs],
    );
    const attempts = current.attempt_count + 1;
    const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    if (succeeded) {
      await manager.query(
        `UPDATE webhook_delivery SET status = 'succeeded', attempt_count = $2, completed_at = now(), next_attempt_at = NULL WHERE id = $1`,
        [deliveryId, attempts],
      );
      return;
    }
    if (outcome.status === 410) {
      // 410 Gone: the receiver says the endpoint is no more; stop sending to it (the partner can enable it again).
      await manager.query(
        `UPDATE webhook_endpoint SET disabled_at = now(), disabled_reason = 'The endpoint answered 410 Gone.', updated_at = now() WHERE id = $1`,
        [delivery.endpoint_id],
      );
    }
    const retryIn = RETRY_SCHEDULE_SECONDS[attempts - 1];
    if (outcome.status === 410 || retryIn === undefined) {
      await manager.query(
        `UPDATE webhook_delivery SET status = 'failed', attempt_count = $2, completed_at = now(), next_attempt_at = NULL WHERE id = $1`,
        [deliveryId, attempts],
      );
      return;
    }
    const nextAttemptAt = new Date(Date.now() + retryIn * 1000 * settings.retryDelayScale);
    await manager.query(`UPDATE webhook_delivery SET attempt_count = $2, next_attempt_at = $3 WHERE id = $1`, [
      deliveryId,
      attempts,
      nextAttemptAt,
    ]);
    await queue.send(manager, QUEUES.deliverWebhook, { deliveryId }, { startAfter: nextAttemptAt });
  });
}
