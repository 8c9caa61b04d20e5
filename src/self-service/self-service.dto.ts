import type { CardStatus } from '../glossary/card-terms';
import type { Uuid } from '../common/api-types';
import type { DeliveryAddress, OrderRejection, PostalAddress } from '../orders/order.dto';
import type { DeliveryChoice, OrderStatus } from '../glossary/order-terms';

/** Public facts about a partner's card product, shown on its order page. */
export interface OrderPageInfo {
  /** The code in the order page's address. @example "nordlys-ansatt" @maxLength 100 */
  cardProductCode: string;
  /** @example "Nordlys Legesenter – ansattkort" @maxLength 200 */
  cardProductName: string;
  /** The partner that approves the order. @example "Nordlys Legesenter AS" @maxLength 200 */
  partnerName: string;
  /** Whether a card reader may be added to a first order on this product. */
  cardReaderAvailable: boolean;
  /** How long a card is valid. @isInt @minimum 1 @maximum 120 @example 36 */
  validityMonths: number;
}

/** A delivery address other than the registered one. Names and addresses take letters of any script. */
export interface DeliveryAddressInput {
  /** Name on the envelope. @minLength 1 @maxLength 200 @example "Kari Nordmann" */
  name: string;
  /** @minLength 1 @maxLength 200 @example "Sykehusveien 12" */
  street: string;
  /** Four digits. @pattern ^[0-9]{4}$ @example "9019" @maxLength 4 */
  postalCode: string;
  /** @minLength 1 @maxLength 100 @example "TROMSØ" */
  city: string;
}

/** Where the card is posted: the registered address, or `address` (required when `choice` is `other`). */
export interface DeliveryChoiceInput {
  choice: DeliveryChoice;
  address?: DeliveryAddressInput;
}

/** A first order on the order page. Name and registered address come from the population registry. */
export interface FirstOrderRequest {
  /** Where the order confirmation and later notices go. @maxLength 254 @example "kari.nordmann@example.no" */
  email: string;
  /** Norwegian, or with + and a country code; stored as +47…. @maxLength 32 @example "912 34 567" */
  phone?: string;
  /** Which organisation you belong to, or your customer number at the partner (Bedrift). @minLength 1 @maxLength 200 @example "Nordlys Legesenter Bodø" */
  company: string;
  delivery: DeliveryChoiceInput;
  /** Add a card reader (only where the card product offers one). Default false. */
  cardReader?: boolean;
}

/** An additional card or a renewal, ordered on My Page for one of your cards (`cardId`); never with a card reader. */
export interface FollowUpOrderRequest {
  /** renewal: a new card to replace this one; additional: one more card beside it. */
  kind: 'renewal' | 'additional';
  /** One of your cards (GET /v1/me/cards); the example is the demo data's card of Bjørn Lærum, due for renewal. @example "c4e1b2a3-7d6f-4e8a-9b5c-0d1e2f3a4b5c" */
  cardId: Uuid;
  /** The company field; the card's last order's when absent. @minLength 1 @maxLength 200 @example "Nordlys Legesenter Bodø" */
  company?: string;
  delivery: DeliveryChoiceInput;
}

/** The card product an order or card belongs to, with its partner. */
export interface MyCardProduct {
  /** @format uuid @maxLength 36 @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  id: string;
  /** @maxLength 200 @example "Nordlys Legesenter – ansattkort" */
  name: string;
  /** @maxLength 200 @example "Nordlys Legesenter AS" */
  partnerName: string;
}

/** One of your orders, as My Page shows it. */
export interface MyOrder {
  /** @format uuid @maxLength 36 @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" */
  id: string;
  /** @maxLength 20 @example "PW-00001234" */
  orderNumber: string;
  /** new, additional or renewal. @example "new" */
  kind: 'new' | 'additional' | 'renewal';
  status: OrderStatus;
  /** @format date-time @maxLength 30 @example "2026-11-27T09:15:00.000Z" */
  orderedAt: string;
  /** @format date-time @maxLength 30 @example "2026-11-28T10:00:00.000Z" */
  decidedAt: string | null;
  /** @maxLength 200 @example "Nordlys Legesenter Bodø" */
  company: string;
  cardReader: boolean;
  cardProduct: MyCardProduct;
  deliveryAddress: DeliveryAddress;
  /** For a renewal: the card it renews. @format uuid @maxLength 36 */
  renewsCardId: string | null;
  rejection?: OrderRejection;
}

export interface MyOrderList {
  /** @maxItems 1000 */
  data: MyOrder[];
}

/**
 * Why an order is not possible now: card_not_active, card_expired, card_revoked, too_early,
 * renewal_already_ordered, additional_already_ordered.
 * @example "too_early"
 */
export type OrderRefusalCode =
  | 'card_not_active'
  | 'card_expired'
  | 'card_revoked'
  | 'too_early'
  | 'renewal_already_ordered'
  | 'additional_already_ordered';

/** Whether an order is possible now, and if not, why (in words and as a code) and from when. */
export interface OrderOption {
  possible: boolean;
  reasonCode?: OrderRefusalCode;
  /** @maxLength 500 @example "A renewal can be ordered from 2029-09-27, two months before the card expires on 2029-11-27." */
  reason?: string;
  /** When a renewal becomes possible. @format date @maxLength 10 @example "2029-09-27" */
  possibleFrom?: string;
}

/** One of your cards, with the orders you can place for it now. */
export interface MyCard {
  /** @format uuid @maxLength 36 @example "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" */
  id: string;
  /** @maxLength 20 @example "BPS10000042" */
  serialNumber: string;
  status: CardStatus;
  /** The last day the card is valid. @format date @maxLength 10 @example "2029-11-27" */
  expiresOn: string;
  cardProduct: MyCardProduct;
  renewal: OrderOption;
  additional: OrderOption;
}

export interface MyCardList {
  /** @maxItems 1000 */
  data: MyCard[];
}

/** Your personal data: name and registered address from the population registry, contact data your own. */
export interface MyProfile {
  /** @maxLength 11 @example "14838512345" */
  nationalId: string;
  /** @maxLength 200 @example "Kari" */
  givenName: string;
  /** @maxLength 200 @example "Nordmann" */
  familyName: string;
  /** @format date @maxLength 10 @example "1985-03-14" */
  birthDate: string;
  /** @maxLength 254 @example "kari.nordmann@example.no" */
  email: string | null;
  /** @maxLength 20 @example "+4791234567" */
  phone: string | null;
  registeredAddress: PostalAddress;
}

/** A change of contact data; a field left out stays as it is, `phone: null` removes the phone number. */
export interface MyProfileUpdate {
  /** @maxLength 254 @example "kari@nordlys.example.no" */
  email?: string;
  /** @maxLength 32 @example "+47 912 34 567" */
  phone?: string | null;
}
