import type { CardStatus } from '../glossary/card-terms';

/** A card as the issuer's operators see it. */
export interface OperatorCard {
  /** @format uuid @maxLength 36 @example "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" */
  id: string;
  /** @maxLength 20 @example "BPS10000042" */
  serialNumber: string;
  status: CardStatus;
  /** @format uuid @maxLength 36 */
  partnerId: string;
  /** @format date @maxLength 10 @example "2029-11-27" */
  expiresOn: string;
  /** @maxLength 40 @example "RR123456785NO" */
  trackingNumber: string | null;
}

/** The card left production and is in the post. */
export interface ShipmentRequest {
  /** The post's tracking number. @minLength 1 @maxLength 40 @pattern ^[A-Za-z0-9-]+$ @example "RR123456785NO" */
  trackingNumber: string;
}

/** Why a card is revoked, for the audit trail. */
export interface RevocationRequest {
  /** @minLength 1 @maxLength 500 @example "Lost, reported by the holder" */
  reason: string;
}

/**
 * The scheduled jobs an operator can run at once: expire-cards (cards past their expiry date become expired),
 * expiry-notices (notices for cards expiring within two months), production-line (development only: ship and
 * activate cards that have waited long enough), invoices (the invoices of the month before; monthly on the 1st),
 * retention (delete end users past the retention period and powers of attorney past ten years; daily).
 * @example "expiry-notices"
 */
export type JobName =
  'expire-cards' | 'expiry-notices' | 'invoices' | 'retention' | 'production-line' | 'approval-policies';

/** What one run of a job did. */
export interface JobRun {
  job: JobName;
  /** The Oslo calendar day the job ran for. @format date @maxLength 10 @example "2026-11-27" */
  day: string;
  /** Cards changed or noticed, invoices made, or end users deleted. @isInt @minimum 0 @maximum 1000000000 @example 3 */
  processed: number;
  /** What the run did in detail, e.g. `{ "orders": 4, "cards": 2 }` for retention. */
  details?: { [count: string]: number };
}

/** What the next retention run would delete, with up to 100 of the end users. */
export interface RetentionPreview {
  /** End users whose last activity is before this day are due. @format date @maxLength 10 */
  cutoff: string;
  /** @isInt @minimum 0 @maximum 1000000000 */
  endUsers: number;
  /** @isInt @minimum 0 @maximum 1000000000 */
  orders: number;
  /** @isInt @minimum 0 @maximum 1000000000 */
  cards: number;
  /** @isInt @minimum 0 @maximum 1000000000 */
  powersOfAttorney: number;
  /** @maxItems 100 */
  sample: RetentionCandidate[];
}

export interface RetentionCandidate {
  /** @format uuid @maxLength 36 */
  endUserId: string;
  /** @format date-time @maxLength 30 */
  lastActivityAt: string;
  /** @isInt @minimum 0 @maximum 100000 */
  orders: number;
  /** @isInt @minimum 0 @maximum 100000 */
  cards: number;
}

/** A card-reader stock order is on its way. */
export interface StockShipmentRequest {
  /** @minLength 1 @maxLength 40 @pattern ^[A-Za-z0-9-]+$ @example "RR123456785NO" */
  trackingNumber: string;
}
