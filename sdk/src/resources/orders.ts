import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path, type APIResponse } from '../core/transport.js';
import type { OrderDetail, OrderListQuery, OrderRejectionRequest, OrderSummary, WithEtag } from '../types.js';

/** Options of a change to an order. */
export interface OrderChangeOptions extends RequestOptions {
  /** The `etag` of your last read: the change is refused (412) if the order changed since. */
  ifMatch?: string;
}

const withEtag = ({ data, response }: APIResponse<OrderDetail>): WithEtag<OrderDetail> => ({
  ...data,
  etag: response.headers.get('ETag') ?? undefined,
});

/** The orders placed on your card products: read them, correct the company field, approve or reject. */
export class Orders extends APIResource {
  /** Orders newest first; await for one page, or iterate for all. */
  list(query: OrderListQuery = {}, options?: RequestOptions): PagePromise<OrderSummary> {
    return this.paginate('/v1/orders', query, options);
  }

  /** One order in full, with its `etag`. */
  async get(orderId: string, options?: RequestOptions): Promise<WithEtag<OrderDetail>> {
    return withEtag(await this.transport.request({ method: 'GET', path: path`/v1/orders/${orderId}` }, options));
  }

  /** Corrects the company field of a pending order (recorded in its history). Retried only with `ifMatch`. */
  async updateCompany(
    orderId: string,
    company: string,
    options: OrderChangeOptions = {},
  ): Promise<WithEtag<OrderDetail>> {
    const request = {
      method: 'PATCH',
      path: path`/v1/orders/${orderId}`,
      body: { company },
      headers: { 'If-Match': options.ifMatch },
    } as const;
    return withEtag(await this.transport.request(request, options));
  }

  /** Approves a pending order: the card goes to production. */
  async approve(orderId: string, options: OrderChangeOptions = {}): Promise<WithEtag<OrderDetail>> {
    const request = {
      method: 'POST',
      path: path`/v1/orders/${orderId}/approve`,
      headers: { 'If-Match': options.ifMatch },
    } as const;
    return withEtag(await this.transport.request(request, options));
  }

  /** Rejects a pending order with a reason; the end user is told the message. */
  async reject(
    orderId: string,
    rejection: OrderRejectionRequest,
    options: OrderChangeOptions = {},
  ): Promise<WithEtag<OrderDetail>> {
    const request = {
      method: 'POST',
      path: path`/v1/orders/${orderId}/reject`,
      body: rejection,
      headers: { 'If-Match': options.ifMatch },
    } as const;
    return withEtag(await this.transport.request(request, options));
  }
}
