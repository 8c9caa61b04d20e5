import type { DataSource } from 'typeorm';
import { newestFirstPage } from '../common/pagination';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import { requireSingleLineText } from '../validation/text';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES, WebhookEventType } from './webhook-event-types';
import type { WebhookTestEventPayload } from './webhook-event.dto';
import type {
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointRequest,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
  WebhookTestEvent,
} from './webhook.dto';
import { publicAddressProblem } from './webhook-address';
import { seal } from './secret-box';
import { newWebhookSecret } from './webhook-signing';

/** A partner may register this many endpoints. */
const MAX_ENDPOINTS = 20;
/** After a rotation the previous secret keeps signing this long, so receivers can switch without losing events. */
const PREVIOUS_SECRET_HOURS = 24;

const COLUMNS = `id, url, description, event_types, disabled_at, disabled_reason, created_at, updated_at`;

function toEndpoint(row: Record<string, never>): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.disabled_at === null,
    disabledReason: row.disabled_reason,
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

/** A partner's webhook endpoints: register, list, change, rotate the secret, delete, test, read deliveries. */
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly settings: { allowPlainHttp: boolean; allowPrivateAddresses: boolean; secretKey: string },
  ) {}

  private async url(value: string): Promise<string> {
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      // reported below
    }
    const protocols = this.settings.allowPlainHttp ? ['https:', 'http:'] : ['https:'];
    if (!parsed || !protocols.includes(parsed.protocol) || value.length > 2000) {
      throw Problem.invalid('url', `must be an absolute ${protocols.join(' or ').replaceAll(':', '')} URL`);
    }
    if (parsed.username || parsed.password) throw Problem.invalid('url', 'must not contain a user name or password');
    if (!this.settings.allowPrivateAddresses) {
      const problem = await publicAddressProblem(value);
      if (problem) throw Problem.invalid('url', `must reach a public internet address: ${problem}`);
    }
    return value;
  }

  private eventTypes(value: string[]): WebhookEventType[] {
    const unknown = value.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length || value.length === 0)
      throw Problem.invalid('eventTypes', `must be one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
    return [...new Set(value)] as WebhookEventType[];
  }

  async create(partnerId: string, body: WebhookEndpointRequest): Promise<WebhookEndpointWithSecret> {
    const url = await this.url(body.url);
    const eventTypes = this.eventTypes(body.eventTypes);
    const description =
      body.description === undefined ? null : requireSingleLineText('description', body.description, 200);
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      // Counting under a lock of the partner row keeps two concurrent creations from passing the limit together.
      await manager.query(`SELECT 1 FROM partner WHERE id = $1 FOR UPDATE`, [partnerId]);
      const [{ count }] = await manager.query(
        `SELECT count(*)::int AS count FROM webhook_endpoint WHERE partner_id = $1`,
        [partnerId],
      );
      if (count >= MAX_ENDPOINTS)
        throw Problem.invalid('url', `a partner can register at most ${MAX_ENDPOINTS} endpoints; delete one first`);
      const [row] = await manager.query(
        `INSERT INTO webhook_endpoint (partner_id, url, description, event_types, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [partnerId, url, description, eventTypes, seal(secret, this.settings.secretKey)],
      );
      return { ...toEndpoint(row), secret };
    });
  }

  async list(partnerId: string): Promise<WebhookEndpointList> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_endpoint WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT ${MAX_ENDPOINTS}`,
      [partnerId],
    );
    return { data: rows.map(toEndpoint) };
  }

  async get(partnerId: string, id: string): Promise<WebhookEndpoint> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_endpoint WHERE id = $1 AND partner_id = $2`,
      [id, partnerId],
    );
    if (!row) throw Problem.notFound(`Webhook endpoint ${id}`);
    return toEndpoint(row);
  }

  async update(partnerId: string, id: string, body: WebhookEndpointUpdate): Promise<WebhookEndpoint> {
    const url = body.url === undefined ? null : await this.url(body.url);
    const eventTypes = body.eventTypes === undefined ? null : this.eventTypes(body.eventTypes);
    const description =
      body.description === undefined ? null : requireSingleLineText('description', body.description, 200);
    const [[row]] = await this.dataSource.query(
      `UPDATE webhook_endpoint
          SET url = coalesce($3, url), event_types = coalesce($4, event_types), description = coalesce($5, description),
              disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN NULL ELSE coalesce(disabled_at, now()) END,
              disabled_reason = CASE WHEN $6::boolean IS NULL THEN disabled_reason WHEN $6 THEN NULL ELSE coalesce(disabled_reason, 'Disabled by the partner.') END,
              updated_at = now()
        WHERE id = $1 AND partner_id = $2
        RETURNING ${COLUMNS}`,
      [id, partnerId, url, eventTypes, description, body.enabled ?? null],
    );
    if (!row) throw Problem.notFound(`Webhook endpoint ${id}`);
    return toEndpoint(row);
  }

  /** Deletes the endpoint and its delivery log; queued attempts find nothing and stop. */
  async remove(partnerId: string, id: string): Promise<void> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM webhook_endpoint WHERE id = $1 AND partner_id = $2`, [
      id,
      partnerId,
    ]);
    if (!deleted) throw Problem.notFound(`Webhook endpoint ${id}`);
  }

  async rotateSecret(partnerId: string, id: string): Promise<WebhookEndpointWithSecret> {
    const secret = newWebhookSecret();
    const [[row]] = await this.dataSource.query(
      `UPDATE webhook_endpoint
          SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(hours => ${PREVIOUS_SECRET_HOURS}),
              secret = $3, updated_at = now()
        WHERE id = $1 AND partner_id = $2
        RETURNING ${COLUMNS}`,
      [id, partnerId, seal(secret, this.settings.secretKey)],
    );
    if (!row) throw Problem.notFound(`Webhook endpoint ${id}`);
    return { ...toEndpoint(row), secret };
  }

  async sendTestEvent(partnerId: string, id: string): Promise<WebhookTestEvent> {
    const endpoint = await this.get(partnerId, id);
    if (!endpoint.enabled) throw Problem.invalid('enabled', 'the endpoint is disabled; enable it first');
    const payload = await this.dataSource.transaction((manager) =>
      this.outbox.publish(manager, {
        partnerId,
        type: TEST_EVENT_TYPE,
        endpointId: id,
        data: { endpointId: id, message: 'Test event from Partnerweb' },
      }),
    );
    return { eventId: payload.id, payload: payload as WebhookTestEventPayload };
  }

  async deliveries(
    partnerId: string,
    id: string,
    options: { limit?: number; cursor?: string },
  ): Promise<WebhookDeliveryPage> {
    await this.get(partnerId, id);
    const query = {
      select: `d.id, d.event_id, ev.type, d.status, d.attempt_count, d.next_attempt_at, d.created_at, d.completed_at,
        coalesce((SELECT json_agg(json_build_object('attemptedAt', a.attempted_at, 'responseStatus', a.response_status,
                                                    'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.id)
                    FROM webhook_delivery_attempt a WHERE a.delivery_id = d.id), '[]'::json) AS attempts`,
      from: 'webhook_delivery d JOIN webhook_event ev ON ev.id = d.event_id',
      where: 'd.endpoint_id = $1',
      values: [id],
      at: 'd.created_at',
      id: 'd.id',
    };
    return newestFirstPage(this.dataSource, query, options, (row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.type,
      status: row.status,
      attemptCount: row.attempt_count,
      nextAttemptAt: row.next_attempt_at ? (row.next_attempt_at as Date).toISOString() : null,
      createdAt: (row.created_at as Date).toISOString(),
      completedAt: row.completed_at ? (row.completed_at as Date).toISOString() : null,
      attempts: (row.attempts as { attemptedAt: string }[]).map((a) => ({
        ...a,
        attemptedAt: new Date(a.attemptedAt).toISOString(),
      })) as never,
    }));
  }
}
