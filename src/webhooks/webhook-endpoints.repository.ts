import type { SqlExecutor } from '../db/sql-executor';
import type { WebhookEventType } from './webhook-event-types';

/** A webhook_endpoint row as the API answers with it (the sealed secrets stay in the table). */
export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string | null;
  event_types: WebhookEventType[];
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewWebhookEndpoint {
  partnerId: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  /** Sealed with the secret box. */
  sealedSecret: string;
}

/** Fields left null stay as they are; `enabled` false disables (keeping an earlier reason), true enables. */
export interface WebhookEndpointChange {
  url: string | null;
  eventTypes: WebhookEventType[] | null;
  description: string | null;
  enabled: boolean | null;
}

const COLUMNS = `id, url, description, event_types, disabled_at, disabled_reason, created_at, updated_at`;

/** The webhook_endpoint table: a partner's endpoints. Every statement is scoped by the partner but `disableGone`. */
export class WebhookEndpointsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async countOfPartner(partnerId: string): Promise<number> {
    const row = await this.sql.first<{ count: number }>(
      `SELECT count(*)::int AS count FROM webhook_endpoint WHERE partner_id = $1`,
      [partnerId],
    );
    return row?.count ?? 0;
  }

  async insert(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
    const row = await this.sql.first<WebhookEndpointRow>(
      `INSERT INTO webhook_endpoint (partner_id, url, description, event_types, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [endpoint.partnerId, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.sealedSecret],
    );
    return row!;
  }

  /** Newest first, at most `limit`. */
  listOfPartner(partnerId: string, limit: number): Promise<WebhookEndpointRow[]> {
    return this.sql.rows<WebhookEndpointRow>(
      `SELECT ${COLUMNS} FROM webhook_endpoint WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [partnerId, limit],
    );
  }

  find(partnerId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    return this.sql.first<WebhookEndpointRow>(
      `SELECT ${COLUMNS} FROM webhook_endpoint WHERE id = $1 AND partner_id = $2`,
      [id, partnerId],
    );
  }

  update(partnerId: string, id: string, change: WebhookEndpointChange): Promise<WebhookEndpointRow | undefined> {
    return this.sql.first<WebhookEndpointRow>(
      `UPDATE webhook_endpoint
          SET url = coalesce($3, url), event_types = coalesce($4, event_types), description = coalesce($5, description),
              disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN NULL ELSE coalesce(disabled_at, now()) END,
              disabled_reason = CASE WHEN $6::boolean IS NULL THEN disabled_reason WHEN $6 THEN NULL ELSE coalesce(disabled_reason, 'Disabled by the partner.') END,
              updated_at = now()
        WHERE id = $1 AND partner_id = $2
        RETURNING ${COLUMNS}`,
      [id, partnerId, change.url, change.eventTypes, change.description, change.enabled],
    );
  }

  /** Deletes the endpoint; its deliveries and their attempts go with it (ON DELETE CASCADE). */
  async remove(partnerId: string, id: string): Promise<boolean> {
    return (
      (await this.sql.execute(`DELETE FROM webhook_endpoint WHERE id = $1 AND partner_id = $2`, [id, partnerId])) > 0
    );
  }

  /** The new sealed secret signs from now on; the current one keeps signing for `previousSecretHours`. */
  rotateSecret(
    partnerId: string,
    id: string,
    sealedSecret: string,
    previousSecretHours: number,
  ): Promise<WebhookEndpointRow | undefined> {
    return this.sql.first<WebhookEndpointRow>(
      `UPDATE webhook_endpoint
          SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(hours => $4::int),
              secret = $3, updated_at = now()
        WHERE id = $1 AND partner_id = $2
        RETURNING ${COLUMNS}`,
      [id, partnerId, sealedSecret, previousSecretHours],
    );
  }

  /** The receiver answered 410 Gone: nothing more is sent until the partner enables the endpoint again. */
  async disableGone(id: string): Promise<void> {
    await this.sql.execute(
      `UPDATE webhook_endpoint SET disabled_at = now(), disabled_reason = 'The endpoint answered 410 Gone.', updated_at = now() WHERE id = $1`,
      [id],
    );
  }
}
