import type { Uuid } from '../common/api-types';
import type { PostalAddress } from '../orders/order.dto';

/** Where a stock order of card readers goes: your organisation, at its address. */
export interface StockDeliveryAddress extends PostalAddress {
  /** @maxLength 200 @example "Nordlys Legesenter AS" */
  name: string;
}

/** ordered: waiting to be sent; shipped: on its way to your address. @example "ordered" */
export type CardReaderOrderStatus = 'ordered' | 'shipped';

/** A bulk order of card readers for your own stock, priced from the price list of the card product `cardProductId`. */
export interface CardReaderOrderRequest {
  /** One of your card products that offers card readers (the example is the demo data's Nordlys product). @example "5f0c1a7e-2b3d-4c8e-9a1f-6d7e8f9a0b1c" */
  cardProductId: Uuid;
  /** @isInt @minimum 1 @maximum 1000 @example 25 */
  quantity: number;
}

export interface CardReaderOrder {
  /** @format uuid @maxLength 36 */
  id: string;
  /** @maxLength 20 @example "KL-00001000" */
  orderNumber: string;
  /** @format uuid @maxLength 36 */
  cardProductId: string;
  /** @isInt @minimum 1 @maximum 1000 */
  quantity: number;
  /** Price of one reader, øre, VAT excluded. @isInt @minimum 0 @maximum 100000000 @example 24900 */
  unitPriceOre: number;
  status: CardReaderOrderStatus;
  /** Your organisation's address at the time of ordering. */
  deliveryAddress: StockDeliveryAddress;
  /** @format date-time @maxLength 30 */
  orderedAt: string;
  /** @format date-time @maxLength 30 */
  shippedAt: string | null;
  /** @maxLength 40 */
  trackingNumber: string | null;
  /** The invoice it is on, once invoiced. @maxLength 20 */
  invoiceNumber: string | null;
}

export interface CardReaderOrderPage {
  /** @maxItems 100 */
  data: CardReaderOrder[];
  /** @maxLength 200 */
  nextCursor: string | null;
}
