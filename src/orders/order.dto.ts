import type { CardStatus } from '../cards/card.entity';
import type { DeliveryChoice, OrderKind, OrderStatus } from './order.entity';

/** A postal address in Norway. */
export interface PostalAddress {
  /** @example "Storgata 1" */
  street: string;
  /** Four digits. @example "0155" */
  postalCode: string;
  /** @example "OSLO" */
  city: string;
}

/** Where the post service delivers the card: the address the end user chose when ordering. */
export interface DeliveryAddress {
  /** `registered`: the end user chose the registered address; `other`: they typed another one. @example "other" */
  choice: DeliveryChoice;
  /** Name on the envelope. @example "Kari Nordmann" */
  name: string;
  /** @example "Sykehusveien 12" */
  street: string;
  /** @example "9019" */
  postalCode: string;
  /** @example "TROMSØ" */
  city: string;
}

/** A short reference to the card product an order was placed on. */
export interface CardProductRef {
  /** @format uuid @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  id: string;
  /** @example "Legekontor Nord – ansattkort" */
  name: string;
}

/** The end user in an order list. */
export interface EndUserRef {
  /** @format uuid @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" */
  id: string;
  /** Given and family name. @example "Kari Nordmann" */
  name: string;
}

/** The end user in an order's detail: enough to check them against the partner's own staff register. */
export interface OrderEndUser {
  /** @format uuid @example "0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4" */
  id: string;
  /** @example "Kari" */
  givenName: string;
  /** @example "Nordmann" */
  familyName: string;
  /** Fødselsnummer or D-nummer. @example "01818512345" */
  nationalId: string;
  /** @format date @example "1985-01-01" */
  birthDate: string;
  /** @example "kari.nordmann@example.no" */
  email: string | null;
  /** @example "+4791234567" */
  phone: string | null;
}

/** The card an approved order produced. */
export interface OrderCard {
  /** @format uuid @example "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" */
  id: string;
  /** @example "BPS10000042" */
  serialNumber: string;
  /** in_production (Under produksjon), shipped, active (Aktivt), expired or revoked. @example "in_production" */
  status: CardStatus;
  /** The last day the card is valid, Europe/Oslo. @format date @example "2029-11-27" */
  expiresOn: string;
}

/** Why the partner rejected an order, as the end user is told. */
export interface OrderRejection {
  /** @example "moved_to_other_partner" */
  reason: RejectionReason;
  /** @example "Du er ikke lenger ansatt hos oss. Bestill kortet som ny kunde hos din nye arbeidsgiver." */
  message: string;
}

/** Reasons a partner gives for a rejection. `moved_to_other_partner`: the end user now belongs to another partner. */
export type RejectionReason =
  | 'moved_to_other_partner'
  | 'not_affiliated'
  | 'duplicate_order'
  | 'incorrect_information'
  | 'other';

/** An order in a list. */
export interface OrderSummary {
  /** @format uuid @example "3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11" */
  id: string;
  /** @example "PW-00001002" */
  orderNumber: string;
  /** new (first order), additional (additional card) or renewal. @example "new" */
  kind: OrderKind;
  /** pending (waiting for your decision), approved, or rejected. @example "pending" */
  status: OrderStatus;
  /** When the end user placed the order. @format date-time @example "2026-11-20T09:14:03.120Z" */
  orderedAt: string;
  /** The company field as it stands now. @example "Legesenteret Bodø – Ærlige Øyvind & Åse" */
  company: string;
  /** Whether the end user added a card reader (first orders only). @example false */
  cardReader: boolean;
  cardProduct: CardProductRef;
  endUser: EndUserRef;
  /** The card this order produced, once approved. */
  card: OrderCard | null;
}

/** One step in an order's history. */
export interface OrderHistoryEntry {
  /** @format date-time @example "2026-11-20T10:02:11.000Z" */
  at: string;
  /** placed, company_corrected, approved or rejected. @example "company_corrected" */
  action: string;
  /** Who did it: the API client id, `end-user`, or `system`. @example "demo-nordlys" */
  by: string;
  /** What changed: field → { from, to }. */
  changes: Record<string, unknown>;
}

/** An order in full. */
export interface OrderDetail extends OrderSummary {
  /** The delivery address the end user chose; the card is posted here. */
  deliveryAddress: DeliveryAddress;
  /** The end user's address in the population registry when they ordered. */
  registeredAddress: PostalAddress;
  endUserDetails: OrderEndUser;
  /** For a renewal: the card it renews. @format uuid */
  renewsCardId: string | null;
  rejection: OrderRejection | null;
  /** When the order was approved or rejected. @format date-time */
  decidedAt: string | null;
  /** Increases with every change; also the `ETag` of the order. @isInt @example 1 */
  version: number;
  /** Every change, oldest first. */
  history: OrderHistoryEntry[];
}

/** A page of orders, newest first. */
export interface OrderPage {
  data: OrderSummary[];
  /** Pass as `cursor` for the next page; null on the last page. @example "WyIyMDI2LTExLTIwVDA5OjE0OjAzLjEyMFoiLCIzYjBhN2Q1ZSJd" */
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
  /** @example "moved_to_other_partner" */
  reason: RejectionReason;
  /**
   * Message to the end user, sent with the rejection notice.
   * @minLength 1
   * @maxLength 1000
   * @example "Du er ikke lenger ansatt hos oss. Bestill kortet som ny kunde hos din nye arbeidsgiver."
   */
  message: string;
}
