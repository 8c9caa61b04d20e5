import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path, type Transport } from '../core/transport.js';
import type {
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookEndpoint,
  WebhookEndpointRequest,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
} from '../types.js';

/** Where the API sends your webhooks. */
export class WebhookEndpoints extends APIResource {
  /** Registers an endpoint; keep the `secret` of the answer, it is not shown again. */
  async create(body: WebhookEndpointRequest, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return (
      await this.transport.request<WebhookEndpointWithSecret>(
        { method: 'POST', path: '/v1/webhook-endpoints', body },
        options,
      )
    ).data;
  }

  /** Every endpoint you registered (a handful: not paginated). */
  async list(options?: RequestOptions): Promise<WebhookEndpoint[]> {
    return (await this.read<{ data: WebhookEndpoint[] }>('/v1/webhook-endpoints', undefined, options)).data;
  }

  get(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.read(path`/v1/webhook-endpoints/${endpointId}`, undefined, options);
  }

  /** Changes the URL, the event types, the description, or enables it again. */
  async update(endpointId: string, body: WebhookEndpointUpdate, options?: RequestOptions): Promise<WebhookEndpoint> {
    return (
      await this.transport.request<WebhookEndpoint>(
        { method: 'PATCH', path: path`/v1/webhook-endpoints/${endpointId}`, body },
        options,
      )
    ).data;
  }

  async delete(endpointId: string, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'DELETE', path: path`/v1/webhook-endpoints/${endpointId}`, parse: 'none' },
      options,
    );
  }

  /** A new secret; the previous one keeps signing for 24 hours. */
  async rotateSecret(endpointId: string, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return (
      await this.transport.request<WebhookEndpointWithSecret>(
        { method: 'POST', path: path`/v1/webhook-endpoints/${endpointId}/secret-rotation` },
        options,
      )
    ).data;
  }

  /** Queues a `webhook.test` event to the endpoint; returns its event id (the `webhook-id` header). */
  async sendTestEvent(endpointId: string, options?: RequestOptions): Promise<string> {
    const request = { method: 'POST', path: path`/v1/webhook-endpoints/${endpointId}/test-events` } as const;
    return (await this.transport.request<{ eventId: string }>(request, options)).data.eventId;
  }
}

/** Each endpoint's delivery log: every attempt and its answer. */
export class WebhookDeliveries extends APIResource {
  /** Deliveries newest first; await for one page, or iterate for all. */
  list(
    endpointId: string,
    query: WebhookDeliveryListQuery = {},
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery> {
    return this.paginate(path`/v1/webhook-endpoints/${endpointId}/deliveries`, query, options);
  }
}

export class Webhooks {
  readonly endpoints: WebhookEndpoints;
  readonly deliveries: WebhookDeliveries;

  constructor(transport: Transport) {
    this.endpoints = new WebhookEndpoints(transport);
    this.deliveries = new WebhookDeliveries(transport);
  }
}
