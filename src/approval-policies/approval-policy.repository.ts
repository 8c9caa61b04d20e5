import type { SqlExecutor } from '../db/sql-executor';
import type { ApprovalMode } from './approval-policy.dto';

/** A row of `approval_policy`; a card product without one has the defaults (manual, reminders after 3 working days). */
export interface ApprovalPolicyRow {
  card_product_id: string;
  partner_id: string;
  mode: ApprovalMode;
  reject_after_days: number | null;
  rejection_message: string | null;
  revoke_leavers_cards: boolean;
  reminder_after_working_days: number;
  version: number;
  updated_at: Date;
}

export interface ApprovalPolicyFields {
  mode: ApprovalMode;
  rejectAfterDays: number | null;
  rejectionMessage: string | null;
  revokeLeaversCards: boolean;
  reminderAfterWorkingDays: number;
}

const COLUMNS = `card_product_id, partner_id, mode, reject_after_days, rejection_message, revoke_leavers_cards,
  reminder_after_working_days, version, updated_at`;

/** Every statement on `approval_policy` and `pending_reminder`. */
export class ApprovalPolicyRepository {
  constructor(private readonly sql: SqlExecutor) {}

  ofCardProduct(cardProductId: string): Promise<ApprovalPolicyRow | undefined> {
    return this.sql.first<ApprovalPolicyRow>(`SELECT ${COLUMNS} FROM approval_policy WHERE card_product_id = $1`, [
      cardProductId,
    ]);
  }

  ofPartner(partnerId: string): Promise<ApprovalPolicyRow[]> {
    return this.sql.rows<ApprovalPolicyRow>(`SELECT ${COLUMNS} FROM approval_policy WHERE partner_id = $1`, [
      partnerId,
    ]);
  }

  /** Every policy that is not all defaults is stored; the daily job reads them all at once. */
  all(): Promise<ApprovalPolicyRow[]> {
    return this.sql.rows<ApprovalPolicyRow>(`SELECT ${COLUMNS} FROM approval_policy`);
  }

  upsert(
    partnerId: string,
    cardProductId: string,
    fields: ApprovalPolicyFields,
  ): Promise<ApprovalPolicyRow | undefined> {
    return this.sql.first<ApprovalPolicyRow>(
      `INSERT INTO approval_policy (card_product_id, partner_id, mode, reject_after_days, rejection_message, revoke_leavers_cards, reminder_after_working_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (card_product_id) DO UPDATE SET
         mode = excluded.mode, reject_after_days = excluded.reject_after_days, rejection_message = excluded.rejection_message,
         revoke_leavers_cards = excluded.revoke_leavers_cards, reminder_after_working_days = excluded.reminder_after_working_days,
         version = approval_policy.version + 1, updated_at = now()
       RETURNING ${COLUMNS}`,
      [
        cardProductId,
        partnerId,
        fields.mode,
        fields.rejectAfterDays,
        fields.rejectionMessage,
        fields.revokeLeaversCards,
        fields.reminderAfterWorkingDays,
      ],
    );
  }

  /** Claims the partner's digest of an Oslo day; false when it was sent already (a second run sends nothing). */
  async claimReminder(partnerId: string, osloDate: string, orderCount: number): Promise<boolean> {
    const inserted = await this.sql.execute(
      `INSERT INTO pending_reminder (partner_id, reminded_on, order_count) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [partnerId, osloDate, orderCount],
    );
    return inserted > 0;
  }
}
