import type { CardStatus } from '../cards/card.entity';

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
 * activate cards that have waited long enough).
 * @example "expiry-notices"
 */
export type JobName = 'expire-cards' | 'expiry-notices' | 'production-line';

/** What one run of a job did. */
export interface JobRun {
  job: JobName;
  /** The Oslo calendar day the job ran for. @format date @maxLength 10 @example "2026-11-27" */
  day: string;
  /** Cards changed or noticed. @isInt @minimum 0 @maximum 1000000000 @example 3 */
  processed: number;
}
