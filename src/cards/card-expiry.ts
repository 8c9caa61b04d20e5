/**
 * How long before the expiry date the end user is told, and from when a renewal may be ordered: one rule of the
 * card's life, read by the expiry-notice job (cards/card-jobs.ts) and the order options (self-service).
 */
export const EXPIRY_NOTICE_MONTHS = 2;
