import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { CardReaderOrder, CardReaderOrderListQuery, CardReaderOrderRequest } from '../types.js';

/** Card readers ordered for your own stock. */
export class CardReaderOrders extends APIResource {
  /** Orders card readers; sent with an Idempotency-Key, so a retry never orders twice. */
  async create(body: CardReaderOrderRequest, options?: RequestOptions): Promise<CardReaderOrder> {
    return (
      await this.transport.request<CardReaderOrder>({ method: 'POST', path: '/v1/card-reader-orders', body }, options)
    ).data;
  }

  /** Your card-reader orders newest first; await for one page, or iterate for all. */
  list(query: CardReaderOrderListQuery = {}, options?: RequestOptions): PagePromise<CardReaderOrder> {
    return this.paginate('/v1/card-reader-orders', query, options);
  }

  get(orderId: string, options?: RequestOptions): Promise<CardReaderOrder> {
    return this.read(path`/v1/card-reader-orders/${orderId}`, undefined, options);
  }
}
