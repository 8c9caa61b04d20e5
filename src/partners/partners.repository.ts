import type { SqlExecutor } from '../db/sql-executor';

export interface PartnerMailboxRow {
  id: string;
  name: string;
  notification_email: string | null;
}

/**
 * Statements on `partner` (owned by data-records, issue 11). Created here by `scim` with only its own method, as
 * RULES.md asks when the owner's file is not on main yet: the coordinator merges the two versions.
 */
export class PartnersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** For the reminder digest (src/approval-policies/approval-jobs.ts): the partners' names and notification mailboxes. */
  mailboxes(partnerIds: readonly string[]): Promise<PartnerMailboxRow[]> {
    return this.sql.rows<PartnerMailboxRow>(
      `SELECT id, name, notification_email FROM partner WHERE id = ANY ($1::uuid[])`,
      [partnerIds],
    );
  }
}
