// The rows of the read models in reports.service.ts, as the JSON page, the CSV and the NDJSON export show them.
import type { MaskedNationalId } from '../common/api-types';
import type { CardStatus } from '../glossary/card-terms';
import type { OrderKind, OrderStatus } from '../glossary/order-terms';

/** One order in the order-date report. The CSV and NDJSON exports have the same columns, in this order. */
export interface OrderReportRow {
  /** @maxLength 20 @example "PW-00001234" */
  orderNumber: string;
  /** @format date-time @maxLength 30 */
  orderedAt: string;
  kind: OrderKind;
  status: OrderStatus;
  /** @maxLength 200 */
  cardProduct: string;
  /** @maxLength 200 */
  company: string;
  /** @maxLength 400 @example "Kari Nordmann" */
  endUserName: string;
  nationalId: MaskedNationalId;
  cardReader: boolean;
  /** @format date-time @maxLength 30 */
  decidedAt: string | null;
  /** @maxLength 20 */
  cardSerialNumber: string | null;
  cardStatus: CardStatus | null;
}

/** source: order (an approved order's card) or before_self_service (a card issued before end users ordered themselves). @example "order" */
export type ApprovedCardSource = 'order' | 'before_self_service';

/** One issued card: an approved order's, or one issued before self-service (then the order fields are empty). */
export interface ApprovedOrderReportRow {
  source: ApprovedCardSource;
  /** @maxLength 20 */
  orderNumber: string | null;
  /** @format date-time @maxLength 30 */
  orderedAt: string | null;
  /** @format date-time @maxLength 30 */
  approvedAt: string | null;
  kind: OrderKind | null;
  /** @maxLength 200 */
  company: string | null;
  /** @maxLength 400 */
  endUserName: string;
  nationalId: MaskedNationalId;
  /** @maxLength 200 */
  cardProduct: string;
  /** @maxLength 20 */
  cardSerialNumber: string;
  cardStatus: CardStatus;
  /** When the card left production. @format date-time @maxLength 30 */
  issuedAt: string | null;
  /** @format date @maxLength 10 */
  expiresOn: string;
}

/** none: no renewal ordered; otherwise the status of the latest renewal of this card. @example "pending" */
export type RenewalState = 'none' | 'pending' | 'approved' | 'rejected';

/**
 * A card expiring within the window, and whether a renewal is already ordered: `renewal` is the latest renewal
 * order's status, `renewalCardStatus` the status of the card that renewal produced (in_production, shipped,
 * active ...), null until the renewal is approved.
 */
export interface ExpiringCardReportRow {
  /** @maxLength 20 */
  cardSerialNumber: string;
  cardStatus: CardStatus;
  /** @format date @maxLength 10 */
  expiresOn: string;
  /** @isInt @minimum 0 @maximum 3660 */
  daysLeft: number;
  /** @maxLength 400 */
  endUserName: string;
  nationalId: MaskedNationalId;
  /** @maxLength 254 */
  email: string | null;
  /** @maxLength 200 */
  cardProduct: string;
  renewal: RenewalState;
  /** @maxLength 20 */
  renewalOrderNumber: string | null;
  renewalCardStatus: CardStatus | null;
}

/** An end user with their active cards and latest order on your card products. */
export interface EndUserReportRow {
  /** @maxLength 400 */
  endUserName: string;
  nationalId: MaskedNationalId;
  /** @maxLength 254 */
  email: string | null;
  /** @isInt @minimum 0 @maximum 1000 */
  activeCards: number;
  /** Space-separated. @maxLength 2000 */
  activeCardSerialNumbers: string;
  /** @maxLength 20 */
  latestOrderNumber: string | null;
  kind: OrderKind | null;
  status: OrderStatus | null;
  /** @format date-time @maxLength 30 */
  latestOrderedAt: string | null;
}

export interface OrderReportPage {
  /** @maxItems 1000 */
  data: OrderReportRow[];
  /** @maxLength 200 */
  nextCursor: string | null;
}

export interface ApprovedOrderReportPage {
  /** @maxItems 1000 */
  data: ApprovedOrderReportRow[];
  /** @maxLength 200 */
  nextCursor: string | null;
}

export interface ExpiringCardReportPage {
  /** @maxItems 1000 */
  data: ExpiringCardReportRow[];
  /** @maxLength 200 */
  nextCursor: string | null;
}

export interface EndUserReportPage {
  /** @maxItems 1000 */
  data: EndUserReportRow[];
  /** @maxLength 200 */
  nextCursor: string | null;
}
