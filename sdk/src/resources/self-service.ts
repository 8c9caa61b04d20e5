import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type {
  FirstOrderRequest,
  FollowUpOrderRequest,
  MyCard,
  MyOrder,
  MyProfile,
  MyProfileUpdate,
  OrderPageInfo,
} from '../types.js';

/** A partner's order page (`/bestill/<code>`): what it offers, and the first order on it. */
export class OrderPages extends APIResource {
  /** The partner, the card product and what the signed-in end user may order. */
  get(code: string, options?: RequestOptions): Promise<OrderPageInfo> {
    return this.read(path`/v1/order-pages/${code}`, undefined, options);
  }

  /** A first order on the page's card product; with an Idempotency-Key, so a retry never orders twice. */
  async placeFirstOrder(code: string, body: FirstOrderRequest, options?: RequestOptions): Promise<MyOrder> {
    return (
      await this.transport.request<MyOrder>(
        { method: 'POST', path: path`/v1/order-pages/${code}/orders`, body },
        options,
      )
    ).data;
  }
}

/** My Page: the signed-in end user's profile, cards and orders. */
export class Me extends APIResource {
  get(options?: RequestOptions): Promise<MyProfile> {
    return this.read('/v1/me', undefined, options);
  }

  async update(body: MyProfileUpdate, options?: RequestOptions): Promise<MyProfile> {
    return (await this.transport.request<MyProfile>({ method: 'PATCH', path: '/v1/me', body }, options)).data;
  }

  /** Your cards, each saying whether a renewal or an additional card is possible now, and why not. */
  async listCards(options?: RequestOptions): Promise<MyCard[]> {
    return (await this.read<{ data: MyCard[] }>('/v1/me/cards', undefined, options)).data;
  }

  async listOrders(options?: RequestOptions): Promise<MyOrder[]> {
    return (await this.read<{ data: MyOrder[] }>('/v1/me/orders', undefined, options)).data;
  }

  /** A renewal or an additional card for one of your cards; with an Idempotency-Key, as `placeFirstOrder`. */
  async placeFollowUpOrder(body: FollowUpOrderRequest, options?: RequestOptions): Promise<MyOrder> {
    return (await this.transport.request<MyOrder>({ method: 'POST', path: '/v1/me/orders', body }, options)).data;
  }
}
