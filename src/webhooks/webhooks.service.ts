import type { DataSource } from 'typeorm';
import { DEFAULT_PAGE_SIZE, decodeCursor, toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { PartnersRepository } from '../partners/partners.repository';
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
import { seal } from '../common/secret-box';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { toWebhookDelivery } from './webhook-delivery.mapper';
import { toWebhookEndpoint } from './webhook-endpoint.mapper';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import type { WebhookEventPublisher } from './webhook-event-publisher';
import { newWebhookSecret } from './webhook-signing';

/** A partner may register this many endpoints. */
const MAX_ENDPOINTS = 20;
/** After a rotation the previous secret keeps signing this long, so receivers can switch without losing events. */
const PREVIOUS_SECRET_HOURS = 24;

/** A partner's webhook endpoints: register, list, change, rotate the secret, delete, test, read deliveries. */
export class WebhooksService {
  private readonly endpoints: WebhookEndpointsRepository;
  private readonly deliveryLog: WebhookDeliveriesRepository;

  constructor(
    private readonly dataSource: DataSource,
    /** The outbox (notifications), seen through the one method this service needs: no import of notifications. */
    private readonly outbox: WebhookEventPublisher,
    private readonly settings: { allowPlainHttp: boolean; allowPrivateAddresses: boolean; secretKey: string },
  ) {
    const sql = poolExecutor(dataSource);
    this.endpoints = new WebhookEndpointsRepository(sql);
    this.deliveryLog = new WebhookDeliveriesRepository(sql);
  }

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
    return inTransaction(this.dataSource, async (tx) => {
      // Counting under a lock of the partner row keeps two concurrent creations from passing the limit together.
      await new PartnersRepository(tx).lock(partnerId);
      const endpoints = new WebhookEndpointsRepository(tx);
      if ((await endpoints.countOfPartner(partnerId)) >= MAX_ENDPOINTS)
        throw Problem.invalid('url', `a partner can register at most ${MAX_ENDPOINTS} endpoints; delete one first`);
      const sealedSecret = seal(secret, this.settings.secretKey);
      const row = await endpoints.insert({ partnerId, url, description, eventTypes, sealedSecret });
      return { ...toWebhookEndpoint(row), secret };
    });
  }

  async list(partnerId: string): Promise<WebhookEndpointList> {
    return { data: (await this.endpoints.listOfPartner(partnerId, MAX_ENDPOINTS)).map(toWebhookEndpoint) };
  }

  async get(partnerId: string, id: string): Promise<WebhookEndpoint> {
    const row = await this.endpoints.find(partnerId, id);
    if (!row) throw Problem.notFound(`Webhook endpoint ${id}`);
    return toWebhookEndpoint(row);
  }

  async update(partnerId: string, id: string, body: WebhookEndpointUpdate): Promise<WebhookEndpoint> {
    const url = body.url === undefined ? null : await this.url(body.url);
    const eventTypes = body.eventTypes === undefined ? null : this.eventTypes(body.eventTypes);
    const description =
      body.description === undefined ? null : requireSingleLineText('description', body.description, 200);
    const row = await this.endpoints.update(partnerId, id, {
      url,
      eventTypes,
      description,
      enabled: body.enabled ?? null,
    });
    if (!row) throw Problem.notFound(`Webhook endpoint ${id}`);
    return toWebhookEndpoint(row);
  }

  /** Deletes the endpoint and its delivery log; queued attempts find nothing and stop. */
  async remove(partnerId: string, id: string): Promise<void> {
    if (!(await this.endpoints.remove(partnerId, id))) throw Problem.notFound(`Webhook endpoint ${id}`);
  }

  async rotateSecret(partnerId: string, id: string): Promise<WebhookEndpointWithSecret> {
    const secret = newWebhookSecret();
    const sealedSecret = seal(secret, this.settings.secretKey);
    const row = await this.endpoints.rotateSecret(partnerId, id, sealedSecret, PREVIOUS_SECRET_HOURS);
    if (!row) throw Problem.notFound(`Webhook endpoint ${id}`);
    return { ...toWebhookEndpoint(row), secret };
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
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.deliveryLog.pageOfEndpoint(id, decodeCursor(options.cursor), limit);
    return toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }), toWebhookDelivery);
  }
}
