/**
 * The Partnerweb SDK: a typed client for the Partnerweb API. Every path, parameter and answer is typed from the
 * OpenAPI spec (`schema.ts`, generated); this file adds what the spec cannot: tokens, retries and errors.
 *
 *   const partnerweb = createPartnerwebClient({ baseUrl, clientId, clientSecret });
 *   const { data } = await partnerweb.listOrders({ status: 'pending' });
 */
import createClient, { type Client } from 'openapi-fetch';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
type Schemas = components['schemas'];
export type OrderSummary = Schemas['OrderSummary'];
export type OrderDetail = Schemas['OrderDetail'];
export type OrderPage = Schemas['OrderPage'];
export type OrderRejectionRequest = Schemas['OrderRejectionRequest'];
export type RejectionReason = Schemas['RejectionReason'];
export type EndUserPage = Schemas['EndUserPage'];
export type EndUserDetail = Schemas['EndUserDetail'];
export type ProblemDetails = Schemas['ProblemDetails'];
export type PartnerProfile = Schemas['PartnerProfile'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type WebhookEndpointRequest = Schemas['WebhookEndpointRequest'];
export type WebhookEndpointUpdate = Schemas['WebhookEndpointUpdate'];
export type WebhookDeliveryPage = Schemas['WebhookDeliveryPage'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type OrderPageInfo = Schemas['OrderPageInfo'];
export type FirstOrderRequest = Schemas['FirstOrderRequest'];
export type FollowUpOrderRequest = Schemas['FollowUpOrderRequest'];
export type MyOrder = Schemas['MyOrder'];
export type MyCard = Schemas['MyCard'];
export type MyProfile = Schemas['MyProfile'];
export type MyProfileUpdate = Schemas['MyProfileUpdate'];
export type OrderReportRow = Schemas['OrderReportRow'];
export type ApprovedOrderReportRow = Schemas['ApprovedOrderReportRow'];
export type ExpiringCardReportRow = Schemas['ExpiringCardReportRow'];
export type EndUserReportRow = Schemas['EndUserReportRow'];
export type InvoiceSummary = Schemas['InvoiceSummary'];
export type InvoiceDetail = Schemas['InvoiceDetail'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type CardReaderOrder = Schemas['CardReaderOrder'];
export type PowerOfAttorney = Schemas['PowerOfAttorney'];
export type OrderListQuery = NonNullable<operations['Orders_listOrders']['parameters']['query']>;
export type EndUserListQuery = NonNullable<operations['EndUsers_listEndUsers']['parameters']['query']>;

/** A failed call: the HTTP status, the problem details the API sent, and the request id to quote to support. */
export class PartnerwebError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
    readonly requestId: string | undefined,
  ) {
    super(`${status} ${problem?.code ?? 'error'}: ${problem?.detail ?? problem?.title ?? 'request failed'}${requestId ? ` (request id ${requestId})` : ''}`);
    this.name = 'PartnerwebError';
  }

  /** The stable problem code, e.g. `order-not-pending`. */
  get code(): string | undefined {
    return this.problem?.code;
  }
}

export interface PartnerwebClientOptions {
  /** Where the API runs, e.g. `http://localhost:3000`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Ask for fewer scopes than the client has, space-separated. */
  scope?: string;
  /** Retries of a call answered 429, 502, 503 or 504, or that failed on the network (default 2). */
  maxRetries?: number;
  fetch?: typeof fetch;
}

interface CachedToken {
  value: string;
  renewAt: number;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches an access token with the client credentials grant and keeps it until shortly before it expires. */
class TokenSource {
  private cached?: CachedToken;
  private pending?: Promise<string>;

  constructor(private readonly options: PartnerwebClientOptions) {}

  get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached.value);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { baseUrl, clientId, clientSecret, scope } = this.options;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) body.set('scope', scope);
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const response = await (this.options.fetch ?? fetch)(`${baseUrl.replace(/\/$/, '')}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok || typeof json?.access_token !== 'string') {
      throw new PartnerwebError(response.status, json as ProblemDetails | undefined, response.headers.get('Request-Id') ?? undefined);
    }
    const lifetimeMs = Number(json.expires_in ?? 60) * 1000;
    // Renew at 80 % of the lifetime, so that a token never expires on its way to the server.
    this.cached = { value: json.access_token, renewAt: Date.now() + lifetimeMs * 0.8 };
    return json.access_token;
  }
}

interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface ChangeOptions {
  /** The order's ETag from your last read: the change is refused (412) if the order changed since. */
  ifMatch?: string;
}

export interface DecisionOptions extends ChangeOptions {
  /** Defaults to a new UUID per call, so that the SDK's own retries never decide twice. */
  idempotencyKey?: string;
}

/**
 * Runs calls: a 401 renews the token once (when there is a token source); 429 and 5xx gateway answers and
 * network failures are retried, honouring Retry-After; any other failure throws PartnerwebError.
 */
function caller(maxRetries: number, renewToken?: () => void) {
  return async function call<T>(send: () => Promise<ApiResult<T>>): Promise<{ data: T; response: Response }> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      let result: ApiResult<T>;
      try {
        result = await send();
      } catch (networkError) {
        // A refused token request is an answer, not a network failure: no retry.
        if (networkError instanceof PartnerwebError || attempt >= maxRetries) throw networkError;
        await sleep(200 * 2 ** attempt);
        continue;
      }
      const { response } = result;
      if (response.ok) return { data: result.data as T, response };
      if (response.status === 401 && renewToken && !renewed) {
        renewed = true;
        renewToken();
        attempt--;
        continue;
      }
      if (RETRIED_STATUSES.has(response.status) && attempt < maxRetries) {
        const retryAfter = Number(response.headers.get('Retry-After'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 30) * 1000 : 200 * 2 ** attempt);
        continue;
      }
      throw new PartnerwebError(response.status, result.error as ProblemDetails | undefined, response.headers.get('Request-Id') ?? undefined);
    }
  };
}

export type PartnerwebClient = ReturnType<typeof createPartnerwebClient>;

/** Creates a client that authenticates itself, retries what is safe to retry, and throws PartnerwebError on failure. */
export function createPartnerwebClient(options: PartnerwebClientOptions) {
  const tokens = new TokenSource(options);
  const maxRetries = options.maxRetries ?? 2;
  const api: Client<paths> = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch });
  api.use({
    async onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${await tokens.get()}`);
      return request;
    },
  });

  const call = caller(maxRetries, () => tokens.invalidate());

  const withEtag = ({ data, response }: { data: OrderDetail; response: Response }) => ({ ...data, etag: response.headers.get('ETag') ?? undefined });

  return {
    /** The openapi-fetch client underneath, for calls this wrapper does not name. */
    api,

    /** One page of orders, newest first. */
    async listOrders(query: OrderListQuery = {}): Promise<OrderPage> {
      return (await call(() => api.GET('/v1/orders', { params: { query } }))).data;
    },

    /** Every order matching the filter, page after page. */
    async *allOrders(query: Omit<OrderListQuery, 'cursor'> = {}): AsyncGenerator<OrderSummary> {
      let cursor: string | undefined;
      do {
        const page = await this.listOrders({ ...query, cursor });
        yield* page.data;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },

    /** One order in full, with its ETag for `ifMatch`. */
    async getOrder(orderId: string): Promise<OrderDetail & { etag?: string }> {
      return withEtag(await call(() => api.GET('/v1/orders/{orderId}', { params: { path: { orderId } } })));
    },

    /** Corrects the company field of a pending order. */
    async correctCompany(orderId: string, company: string, opts: ChangeOptions = {}): Promise<OrderDetail & { etag?: string }> {
      return withEtag(
        await call(() =>
          api.PATCH('/v1/orders/{orderId}', {
            params: { path: { orderId }, header: { 'If-Match': opts.ifMatch } },
            body: { company },
          }),
        ),
      );
    },

    /** Approves a pending order; the card goes to production. */
    async approveOrder(orderId: string, opts: DecisionOptions = {}): Promise<OrderDetail & { etag?: string }> {
      const header = { 'If-Match': opts.ifMatch, 'Idempotency-Key': opts.idempotencyKey ?? randomUUID() };
      return withEtag(await call(() => api.POST('/v1/orders/{orderId}/approve', { params: { path: { orderId }, header } })));
    },

    /** Rejects a pending order; the end user is told the message. */
    async rejectOrder(orderId: string, rejection: OrderRejectionRequest, opts: DecisionOptions = {}): Promise<OrderDetail & { etag?: string }> {
      const header = { 'If-Match': opts.ifMatch, 'Idempotency-Key': opts.idempotencyKey ?? randomUUID() };
      return withEtag(await call(() => api.POST('/v1/orders/{orderId}/reject', { params: { path: { orderId }, header }, body: rejection })));
    },

    /** One page of end users, newest first. */
    async listEndUsers(query: EndUserListQuery = {}): Promise<EndUserPage> {
      return (await call(() => api.GET('/v1/end-users', { params: { query } }))).data;
    },

    /** One end user with their cards and orders on your card products. */
    async getEndUser(endUserId: string): Promise<EndUserDetail> {
      return (await call(() => api.GET('/v1/end-users/{endUserId}', { params: { path: { endUserId } } }))).data;
    },

    /**
     * One JSON page of a report. `report` is the path under /v1/reports; the query as in the API
     * (orderedFrom/orderedTo for orders, withinDays for expiring-cards; limit up to 1000 and cursor).
     */
    async reportPage<R extends keyof ReportRows>(report: R, query: ReportQuery = {}): Promise<{ data: ReportRows[R][]; nextCursor: string | null }> {
      const path = `/v1/reports/${report}` as '/v1/reports/orders';
      return (await call(() => api.GET(path, { params: { query: query as never } }))).data as never;
    },

    /** Every row of a report, streamed as NDJSON and parsed a line at a time: constant memory at any size. */
    async *reportRows<R extends keyof ReportRows>(report: R, query: Omit<ReportQuery, 'limit' | 'cursor'> = {}): AsyncGenerator<ReportRows[R]> {
      const body = await this.exportReport(report, 'ndjson', query);
      yield* ndjsonRows<ReportRows[R]>(body);
    },

    /** The whole report as a byte stream of CSV (UTF-8, a header row; `bom` for Excel) or NDJSON, to save or pipe on. */
    async exportReport(report: keyof ReportRows, format: 'csv' | 'ndjson', query: Omit<ReportQuery, 'limit' | 'cursor'> & { bom?: boolean } = {}): Promise<ReadableStream<Uint8Array>> {
      const path = `/v1/reports/${report}` as '/v1/reports/orders';
      const { data } = await call(() => api.GET(path, { params: { query: { ...query, format } as never }, parseAs: 'stream' }));
      return data as ReadableStream<Uint8Array>;
    },

    async listInvoices(query: { limit?: number; cursor?: string } = {}): Promise<{ data: InvoiceSummary[]; nextCursor: string | null }> {
      return (await call(() => api.GET('/v1/invoices', { params: { query } }))).data;
    },

    /** An invoice with its lines summed by item, card product and order kind. */
    async getInvoice(invoiceId: string): Promise<InvoiceDetail> {
      return (await call(() => api.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId } } }))).data;
    },

    /** Every line of an invoice, with the company field, streamed: for reconciling against your customers. */
    async *invoiceLines(invoiceId: string): AsyncGenerator<InvoiceLine> {
      const { data } = await call(() =>
        api.GET('/v1/invoices/{invoiceId}/lines', { params: { path: { invoiceId }, query: { format: 'ndjson' } }, parseAs: 'stream' }),
      );
      yield* ndjsonRows<InvoiceLine>(data as ReadableStream<Uint8Array>);
    },

    /** Orders card readers for your stock; a retry with the same key never orders twice. */
    async orderCardReaders(cardProductId: string, quantity: number, opts: { idempotencyKey?: string } = {}): Promise<CardReaderOrder> {
      const header = { 'Idempotency-Key': opts.idempotencyKey ?? randomUUID() };
      return (await call(() => api.POST('/v1/card-reader-orders', { params: { header }, body: { cardProductId, quantity } }))).data;
    },

    async listCardReaderOrders(query: { limit?: number; cursor?: string } = {}): Promise<{ data: CardReaderOrder[]; nextCursor: string | null }> {
      return (await call(() => api.GET('/v1/card-reader-orders', { params: { query } }))).data;
    },

    /** Hands over a signed power of attorney (a PDF of at most 10 MB). */
    async uploadPowerOfAttorney(pdf: Uint8Array, filename: string): Promise<PowerOfAttorney> {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), filename);
      return (await call(() => api.POST('/v1/powers-of-attorney', { body: form as never, bodySerializer: (body: unknown) => body as FormData }))).data;
    },

    async listPowersOfAttorney(query: { limit?: number; cursor?: string } = {}): Promise<{ data: PowerOfAttorney[]; nextCursor: string | null }> {
      return (await call(() => api.GET('/v1/powers-of-attorney', { params: { query } }))).data;
    },

    /** The PDF as handed over. */
    async downloadPowerOfAttorney(documentId: string): Promise<Uint8Array> {
      const { data } = await call(() =>
        api.GET('/v1/powers-of-attorney/{documentId}/content', { params: { path: { documentId } }, parseAs: 'arrayBuffer' }),
      );
      return new Uint8Array(data as ArrayBuffer);
    },

    /** Your organisation, with its notification mailbox. */
    async getPartner(): Promise<PartnerProfile> {
      return (await call(() => api.GET('/v1/partner'))).data;
    },

    /** Sets the mailbox that gets a copy of every order confirmation (null stops the copies). */
    async setNotificationMailbox(notificationEmail: string | null): Promise<PartnerProfile> {
      return (await call(() => api.PATCH('/v1/partner', { body: { notificationEmail } }))).data;
    },

    /** Registers a webhook endpoint; keep the `secret` of the answer, it is not shown again. */
    async createWebhookEndpoint(body: WebhookEndpointRequest): Promise<WebhookEndpointWithSecret> {
      return (await call(() => api.POST('/v1/webhook-endpoints', { body }))).data;
    },

    async listWebhookEndpoints(): Promise<WebhookEndpoint[]> {
      return (await call(() => api.GET('/v1/webhook-endpoints'))).data.data;
    },

    async updateWebhookEndpoint(endpointId: string, body: WebhookEndpointUpdate): Promise<WebhookEndpoint> {
      return (await call(() => api.PATCH('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId } }, body }))).data;
    },

    async deleteWebhookEndpoint(endpointId: string): Promise<void> {
      await call(() => api.DELETE('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId } } }));
    },

    /** A new secret; the previous one keeps signing for 24 hours. */
    async rotateWebhookSecret(endpointId: string): Promise<WebhookEndpointWithSecret> {
      return (await call(() => api.POST('/v1/webhook-endpoints/{endpointId}/secret-rotation', { params: { path: { endpointId } } }))).data;
    },

    /** Queues a `webhook.test` event to the endpoint; returns its event id (the `webhook-id` header). */
    async sendWebhookTestEvent(endpointId: string): Promise<string> {
      return (await call(() => api.POST('/v1/webhook-endpoints/{endpointId}/test-events', { params: { path: { endpointId } } }))).data.eventId;
    },

    /** One page of the endpoint's delivery log, newest first, with every attempt. */
    async listWebhookDeliveries(endpointId: string, query: { limit?: number; cursor?: string } = {}): Promise<WebhookDeliveryPage> {
      return (await call(() => api.GET('/v1/webhook-endpoints/{endpointId}/deliveries', { params: { path: { endpointId }, query } }))).data;
    },
  };
}

/** The row type of each report. */
export interface ReportRows {
  orders: OrderReportRow;
  'approved-orders': ApprovedOrderReportRow;
  'expiring-cards': ExpiringCardReportRow;
  'end-users': EndUserReportRow;
}

export interface ReportQuery {
  orderedFrom?: string;
  orderedTo?: string;
  withinDays?: number;
  limit?: number;
  cursor?: string;
}

/** Parses an NDJSON byte stream a line at a time. */
async function* ndjsonRows<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
  if (buffered.trim()) yield JSON.parse(buffered) as T;
}

/** An event as a webhook carries it: `data` holds ids and the fields that changed. */
export interface PartnerwebEvent {
  /** The `webhook-id`: the same on every retry of one event, so a repeat can be ignored. */
  id: string;
  type: WebhookEventType | 'webhook.test';
  /** When the event happened, ISO 8601. */
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * Verifies a webhook as the Standard Webhooks spec says (signature over id, timestamp and the raw body;
 * timestamps more than 5 minutes off are refused) and returns the event. Throws on a bad signature.
 * Pass the raw body exactly as received, not re-serialised JSON.
 */
export function verifyWebhook(rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>, secret: string): PartnerwebEvent {
  const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]));
  const payload = new Webhook(secret).verify(rawBody, flat) as Omit<PartnerwebEvent, 'id'>;
  return { id: flat['webhook-id'], ...payload };
}

export interface EndUserClientOptions {
  baseUrl: string;
  /** The token of the eID the end user signed in with. */
  token: string;
  maxRetries?: number;
  fetch?: typeof fetch;
}

/** For end-user apps: the order page and My Page, with the signed-in end user's eID token. */
export function createEndUserClient(options: EndUserClientOptions) {
  const api: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: options.fetch,
    headers: { Authorization: `Bearer ${options.token}` },
  });
  const call = caller(options.maxRetries ?? 2);
  return {
    api,
    async getOrderPage(code: string): Promise<OrderPageInfo> {
      return (await call(() => api.GET('/v1/order-pages/{code}', { params: { path: { code } } }))).data;
    },
    /**
     * A first order on the order page's card product. Sent with an Idempotency-Key (yours, or a new one per
     * call), so that the retries after a lost answer replay it instead of ordering twice.
     */
    async placeFirstOrder(code: string, body: FirstOrderRequest, opts: { idempotencyKey?: string } = {}): Promise<MyOrder> {
      const header = { 'Idempotency-Key': opts.idempotencyKey ?? randomUUID() };
      return (await call(() => api.POST('/v1/order-pages/{code}/orders', { params: { path: { code }, header }, body }))).data;
    },
    async getMyProfile(): Promise<MyProfile> {
      return (await call(() => api.GET('/v1/me'))).data;
    },
    async updateMyProfile(body: MyProfileUpdate): Promise<MyProfile> {
      return (await call(() => api.PATCH('/v1/me', { body }))).data;
    },
    /** Your cards, each saying whether a renewal or an additional card is possible now, and why not. */
    async listMyCards(): Promise<MyCard[]> {
      return (await call(() => api.GET('/v1/me/cards'))).data.data;
    },
    async listMyOrders(): Promise<MyOrder[]> {
      return (await call(() => api.GET('/v1/me/orders'))).data.data;
    },
    /** A renewal or an additional card for one of your cards; with an Idempotency-Key as `placeFirstOrder`. */
    async placeFollowUpOrder(body: FollowUpOrderRequest, opts: { idempotencyKey?: string } = {}): Promise<MyOrder> {
      const header = { 'Idempotency-Key': opts.idempotencyKey ?? randomUUID() };
      return (await call(() => api.POST('/v1/me/orders', { params: { header }, body }))).data;
    },
  };
}
