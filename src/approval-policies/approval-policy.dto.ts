/**
 * How orders on a card product are approved. `manual`: by you, through the API (the default). `roster`: an order
 * from a person who is active in your staff roster (provisioned over SCIM from your HR directory, matched on the
 * national identity number) is approved at once, by the policy; anyone else's waits for your decision.
 * @example "roster"
 */
export type ApprovalMode = 'manual' | 'roster';

/** Reject orders still pending after some days, with a message to the end user. */
export interface AutoRejection {
  /** Calendar days after the order was placed. @isInt @minimum 1 @maximum 365 @example 14 */
  afterDays: number;
  /**
   * Sent to the end user with the rejection notice (reason `other`).
   * @minLength 1 @maxLength 1000 @example "Vi fant deg ikke i personalregisteret vårt. Ta kontakt med personalavdelingen."
   */
  message: string;
}

/** The approval policy of one of your card products. */
export interface ApprovalPolicy {
  /** @format uuid @maxLength 36 @example "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b" */
  cardProductId: string;
  /** @maxLength 200 @example "Nordlys ansattkort" */
  cardProductName: string;
  mode: ApprovalMode;
  /** Reject what is still pending after `afterDays`; null: never (the default). */
  autoReject: AutoRejection | null;
  /**
   * When your directory deactivates or deletes a person, revoke their cards on this card product at once (audited,
   * `card.revoked` per card) instead of only telling you with `staff.deactivated`. Default false.
   * @example false
   */
  revokeLeaversCards: boolean;
  /**
   * Orders pending at least this many whole working days (Monday to Friday, Norwegian public holidays excepted) are
   * in the daily reminder digest and the `orders.overdue` event. Default 3.
   * @isInt @minimum 1 @maximum 60 @example 3
   */
  reminderAfterWorkingDays: number;
  /** The policy's version: 0 while it has the defaults, one more with each change. @isInt @minimum 0 @maximum 2147483647 @example 2 */
  version: number;
  /** Null while the card product has the defaults. @format date-time @maxLength 30 @example "2026-11-27T09:00:00.000Z" */
  updatedAt: string | null;
}

/** Your approval policies, one per card product. */
export interface ApprovalPolicyList {
  /** One per card product (at most 100). @maxItems 100 */
  data: ApprovalPolicy[];
}

/** A new approval policy for a card product; what is left out takes its default. */
export interface ApprovalPolicyUpdate {
  mode: ApprovalMode;
  /** null or absent: never reject automatically. */
  autoReject?: AutoRejection | null;
  /** @example true */
  revokeLeaversCards?: boolean;
  /** @isInt @minimum 1 @maximum 60 @example 3 */
  reminderAfterWorkingDays?: number;
}
