import type { CardProductRow } from '../partners/card-products.repository';
import type { ApprovalPolicy } from './approval-policy.dto';
import type { ApprovalPolicyRow } from './approval-policy.repository';
import { isoTimestamp } from '../common/iso-timestamp';

export const DEFAULT_REMINDER_AFTER_WORKING_DAYS = 3;

/** The one mapping of a card product and its stored policy (or none: the defaults) to the API's policy. */
export function toApprovalPolicy(product: CardProductRow, row: ApprovalPolicyRow | undefined): ApprovalPolicy {
  return {
    cardProductId: product.id,
    cardProductName: product.name,
    mode: row?.mode ?? 'manual',
    autoReject:
      row?.reject_after_days && row.rejection_message
        ? { afterDays: row.reject_after_days, message: row.rejection_message }
        : null,
    revokeLeaversCards: row?.revoke_leavers_cards ?? false,
    reminderAfterWorkingDays: row?.reminder_after_working_days ?? DEFAULT_REMINDER_AFTER_WORKING_DAYS,
    version: row?.version ?? 0,
    updatedAt: row ? isoTimestamp(row.updated_at) : null,
  };
}
