import type { MaskedNationalId } from '../common/api-types';
import type { CardStatus } from '../cards/card.entity';
import type { DeliveryChoice, OrderKind, OrderStatus } from './order.entity';

/** A postal address in Norway; in an order, the end user's registered address when they ordered. */
export interface PostalAddress {
  /** @example "Storgata 1" @maxLength 200 */
  street: string;
  /** Four digits. @example "0155" @maxLength 4 */
  postalCode: string;
  /** @example "OSLO" @maxLength 100 */
  city: string;
}

/** Where the post service delivers the card: the address the end user chose when ordering (the registered one, or another). */
export interface DeliveryAddress {
  choice: DeliveryChoice;
  /** Name on the envelope. @example "Kari Nordmann" @maxLength 200 */
  name: string;
  /** @example "Sykehusveien 12" @maxLength 200 */
  street: string;
  /** @example "9019" @maxLength 4 */
  postalCode: string;
  /** @example "TROMSØ" @maxLength 100 */
  city: string;
}

/** A short reference to the card product an order was placed on. */
export interface CardProductRef {
  /** @format uuid @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" @maxLength 36 */
  id: string;
  /** @example "Legekontor Nord – ansattkort" @maxLength 200 */
  name: string;
}

/** The end user in an order list. */
export interface EndUserRef {
  /** @format uuid @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" @maxLength 36 */
  id: string;
  /** Given and family name. @example "Kari Nordmann" @maxLength 200 */
  name: string;
}

/** What a change did: field → { from, to }, or the values an order was placed with. */
export interface FieldChanges {
  [field: string]: unknown;
}

/** The end user in an order's detail: enough to check them against the partner's own staff register. */
export interface OrderEndUser {
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
}

/** The card an approved order produced; absent until the order is approved. */
export interface OrderCard {
  /** @format uuid @example "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" @maxLength 36 */
  id: string;
  /** @example "BPS10000042" @maxLength 20 */
  serialNumber: string;
  status: CardStatus;
  /** The last day the card is valid, Europe/Oslo. @format date @example "2029-11-27" @maxLength 10 */
  expiresOn: string;
  /** When the card left production and was posted; absent before. @format date-time @maxLength 30 */
  shippedAt?: string;
  /** The post's tracking number. @example "RR123456785NO" @maxLength 40 */
  trackingNumber?: string;
  /** When the holder activated it; absent before. @format date-time @maxLength 30 */
  activatedAt?: string;
}

/** Why the partner rejected an order, as the end user is told; present only on a rejected order. */
export interface OrderRejection {
  reason: RejectionReason;
  /** @example "Du er ikke lenger ansatt hos oss. Bestill kortet som ny kunde hos din nye arbeidsgiver." @maxLength 1000 */
  message: string;
}

/** Reasons a partner gives for a rejection. `moved_to_other_partner`: the end user now belongs to another partner. */
export type RejectionReason =
  'moved_to_other_partner' | 'not_affiliated' | 'duplicate_order' | 'incorrect_information' | 'other';

/** An order in a list. */
export interface OrderSummary {
  /** @format uuid @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" @maxLength 36 */
  id: string;
  /** @example "PW-00001002" @maxLength 20 */
  orderNumber: string;
  kind: OrderKind;
  status: OrderStatus;
  /** When the end user placed the order. @format date-time @example "2026-11-20T09:14:03.120Z" @maxLength 30 */
  orderedAt: string;
  /** The company field as it stands now. @example "Legesenteret Bodø – Ærlige Øyvind & Åse" @maxLength 200 */
  company: string;
  /** Whether the end user added a card reader (first orders only). @example false */
  cardReader: boolean;
  cardProduct: CardProductRef;
  endUser: EndUserRef;
  card?: OrderCard;
}

/** One step in an order's history. */
export interface OrderHistoryEntry {
  /** @format date-time @example "2026-11-20T10:02:11.000Z" @maxLength 30 */
  at: string;
  /**
   * placed, company_corrected, approved or rejected; notice_sent (an e-mail notice went out: `changes.notice` is
   * order_confirmation, partner_order_copy or rejection, `changes.to` the address) or notice_not_sent (no address:
   * `changes.reason`, and `changes.instead` what told the recipient). @example "company_corrected" @maxLength 50
   */
  action: string;
  /** Who did it: the API client id, `end-user`, or `system`. @example "demo-nordlys" @maxLength 200 */
  by: string;
  changes: FieldChanges;
}

/** An order in full. */
export interface OrderDetail extends OrderSummary {
  deliveryAddress: DeliveryAddress;
  registeredAddress: PostalAddress;
  endUserDetails: OrderEndUser;
  /** For a renewal: the card it renews. @format uuid @maxLength 36 */
  renewsCardId: string | null;
  rejection?: OrderRejection;
  /** When the order was approved or rejected. @format date-time @maxLength 30 */
  decidedAt: string | null;
  /** Increases with every change; also the `ETag` of the order. @isInt @minimum 1 @maximum 2147483647 @example 1 */
  version: number;
  /** Every change, oldest first. @maxItems 1000 */
  history: OrderHistoryEntry[];
}

/** A page of orders, newest first. */
export interface OrderPage {
  /** @maxItems 100 */
  data: OrderSummary[];
  /** Pass as `cursor` for the next page; null on the last page. @example "WyIyMDI2LTExLTIwVDA5OjE0OjAzLjEyMFoiLCIzYjBhN2Q1ZSJd" @maxLength 200 */
  nextCursor: string | null;
}

/** A correction of the company field. */
export interface CompanyCorrection {
  /**
   * The new company field: any Unicode text, æ, ø and å included, 1 to 200 characters; stored and returned exactly.
   * @minLength 1
   * @maxLength 200
   * @example "Legesenteret Bodø – Ærlige Øyvind & Åse"
   */
  company: string;
}

/** A rejection, with the reason the end user is told. */
export interface OrderRejectionRequest {
  reason: RejectionReason;
  /**
   * Message to the end user, sent with the rejection notice.
   * @minLength 1
   * @maxLength 1000
   * @example "Du er ikke lenger ansatt hos oss. Bestill kortet som ny kunde hos din nye arbeidsgiver."
   */
  message: string;
}
