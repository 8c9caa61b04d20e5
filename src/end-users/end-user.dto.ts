import type { MaskedNationalId } from '../common/api-types';
import type { CardStatus } from '../glossary/card-terms';
import type { PostalAddress } from '../glossary/postal-address';
import type { OrderKind, OrderStatus } from '../glossary/order-terms';

/** An end user in your list: a person with an order or a card on one of your card products. */
export interface EndUserSummary {
  /** @format uuid @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" @maxLength 36 */
  id: string;
  /** @example "Kari" @maxLength 200 */
  givenName: string;
  /** @example "Nordmann" @maxLength 200 */
  familyName: string;
  nationalId: MaskedNationalId;
  /** @example "kari.nordmann@example.no" @maxLength 254 */
  email: string | null;
  /** How many of the end user's cards on your card products are active now. @isInt @minimum 0 @maximum 10000 @example 1 */
  activeCards: number;
  /** When the end user first appeared in the issuer's system. @format date-time @example "2024-06-03T08:00:00.000Z" @maxLength 30 */
  createdAt: string;
}

/** A card of the end user, on one of your card products. */
export interface EndUserCard {
  /** @format uuid @example "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" @maxLength 36 */
  id: string;
  /** @example "BPS10000042" @maxLength 20 */
  serialNumber: string;
  status: CardStatus;
  /** @format date @example "2027-03-31" @maxLength 10 */
  expiresOn: string;
  /** @format uuid @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" @maxLength 36 */
  cardProductId: string;
}

/** An order of the end user, on one of your card products (rejected orders are not listed). */
export interface EndUserOrder {
  /** @format uuid @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" @maxLength 36 */
  id: string;
  /** @example "PW-00001002" @maxLength 20 */
  orderNumber: string;
  kind: OrderKind;
  status: OrderStatus;
  /** @format date-time @example "2026-11-20T09:14:03.120Z" @maxLength 30 */
  orderedAt: string;
}

/** An end user in full, with their cards and orders on your card products. */
export interface EndUserDetail {
  /** @format uuid @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" @maxLength 36 */
  id: string;
  /** @example "Kari" @maxLength 200 */
  givenName: string;
  /** @example "Nordmann" @maxLength 200 */
  familyName: string;
  nationalId: MaskedNationalId;
  /** @format date @example "1985-01-01" @maxLength 10 */
  birthDate: string;
  /** @example "kari.nordmann@example.no" @maxLength 254 */
  email: string | null;
  /** @example "+4791234567" @maxLength 20 */
  phone: string | null;
  registeredAddress: PostalAddress;
  /** Newest first. @maxItems 1000 */
  cards: EndUserCard[];
  /** Newest first. @maxItems 1000 */
  orders: EndUserOrder[];
}

/** A page of end users, newest first. */
export interface EndUserPage {
  /** @maxItems 100 */
  data: EndUserSummary[];
  /** Pass as `cursor` for the next page; null on the last page. @example null @maxLength 200 */
  nextCursor: string | null;
}
