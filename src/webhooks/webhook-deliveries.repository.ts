import type { CursorPosition } from '../common/pagination';
import type { SqlExecutor } from '../db/sql-executor';
import type { WebhookDeliveryStatus } from './webhook.dto';

/** What one attempt at a delivery needs: the delivery, its endpoint (address, sealed secrets) and the event body. */
export interface DeliveryToAttemptRow {
  id: string;
  status: WebhookDeliveryStatus;
  endpoint_id: string;
  url: string;
  secret: string;
  /** Only while it still signs (within its expiry after a rotation). */
  previous_secret: string | null;
  disabled_at: Date | null;
  event_id: string;
  /** The payload as stored, the exact bytes that are signed and sent. */
  body: string;
}

/** One attempt as the delivery log answers it (built by PostgreSQL as JSON; times as JSON text). */
export interface DeliveryAttemptJson {
  attemptedAt: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** A webhook_delivery row of the delivery log, with its event's type and every attempt. */
export interface WebhookDeliveryRow {
  id: string;
  event_id: string;
  type: string;
  status: WebhookDeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  attempts: DeliveryAttemptJson[];
}

/** The outcome of one HTTP attempt. */
export interface AttemptOutcome {
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** The webhook_delivery and webhook_delivery_attempt tables: one event's delivery to one endpoint, and its attempts. */
export class WebhookDeliveriesRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * One pending delivery per enabled endpoint of the partner subscribed to the type, or only to `endpointId` (a
   * test event, whatever the endpoint subscribes to). Answers the new deliveries' ids.
   */
  async insertForSubscribers(
    eventId: string,
    partnerId: string,
    type: string,
    endpointId: string | null,
  ): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(
      `INSERT INTO webhook_delivery (event_id, endpoint_id)
       SELECT $1, id FROM webhook_endpoint
        WHERE partner_id = $2 AND disabled_at IS NULL
          AND (CASE WHEN $4::uuid IS NULL THEN $3 = ANY (event_types) ELSE id = $4::uuid END)
       RETURNING id`,
      [eventId, partnerId, type, endpointId],
    );
    return rows.map((row) => row.id);
  }

  findToAttempt(deliveryId: string): Promise<DeliveryToAttemptRow | undefined> {
    return this.sql.first<DeliveryToAttemptRow>(
      `SELECT d.id, d.status, e.id AS endpoint_id, e.url, e.secret, e.disabled_at,
              CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret,
              ev.id AS event_id, ev.payload::text AS body
         FROM webhook_delivery d
         JOIN webhook_endpoint e ON e.id = d.endpoint_id
         JOIN webhook_event ev ON ev.id = d.event_id
        WHERE d.id = $1`,
      [deliveryId],
    );
  }

  /** The delivery's status and attempts so far, its row locked until the transaction ends. */
  lock(deliveryId: string): Promise<{ status: WebhookDeliveryStatus; attempt_count: number } | undefined> {
    return this.sql.first<{ status: WebhookDeliveryStatus; attempt_count: number }>(
      `SELECT status, attempt_count FROM webhook_delivery WHERE id = $1 FOR UPDATE`,
      [deliveryId],
    );
  }

  async recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    await this.sql.execute(
      `INSERT INTO webhook_delivery_attempt (delivery_id, response_status, error, duration_ms) VALUES ($1, $2, $3, $4)`,
      [deliveryId, outcome.status, outcome.error, outcome.durationMs],
    );
  }

  /** The delivery is done: succeeded or failed for good. `attemptCount` null leaves the count as it is. */
  async complete(deliveryId: string, status: 'succeeded' | 'failed', attemptCount: number | null): Promise<void> {
    await this.sql.execute(
      `UPDATE webhook_delivery SET status = $2, attempt_count = coalesce($3, attempt_count), completed_at = now(), next_attempt_at = NULL
        WHERE id = $1`,
      [deliveryId, status, attemptCount],
    );
  }

  async scheduleRetry(deliveryId: string, attemptCount: number, nextAttemptAt: Date): Promise<void> {
    await this.sql.execute(`UPDATE webhook_delivery SET attempt_count = $2, next_attempt_at = $3 WHERE id = $1`, [
      deliveryId,
      attemptCount,
      nextAttemptAt,
    ]);
  }

  /** One page of an endpoint's delivery log, newest first, after `after`; `limit` + 1 rows tell whether more follow. */
  pageOfEndpoint(endpointId: string, after: CursorPosition | undefined, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.sql.rows<WebhookDeliveryRow>(
      `SELECT d.id, d.event_id, ev.type, d.status, d.attempt_count, d.next_attempt_at, d.created_at, d.completed_at,
              coalesce((SELECT json_agg(json_build_object('attemptedAt', a.attempted_at, 'responseStatus', a.response_status,
                                                          'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.id)
                          FROM webhook_delivery_attempt a WHERE a.delivery_id = d.id), '[]'::json) AS attempts
         FROM webhook_delivery d JOIN webhook_event ev ON ev.id = d.event_id
        WHERE d.endpoint_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
      [endpointId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** Seconds since the oldest delivery still pending was made; 0 when none waits (metrics). */
  async oldestPendingAgeSeconds(): Promise<number> {
    const row = await this.sql.first<{ value: string }>(
      `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) AS value FROM webhook_delivery WHERE status = 'pending'`,
    );
    return Number(row?.value ?? 0);
  }

  /** Deliveries that failed for good (metrics). */
  async countFailed(): Promise<number> {
    const row = await this.sql.first<{ value: number }>(
      `SELECT count(*)::int AS value FROM webhook_delivery WHERE status = 'failed'`,
    );
    return row?.value ?? 0;
  }
}
