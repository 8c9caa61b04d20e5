import type { SqlExecutor } from '../db/sql-executor';
import type { Actor, ActorType, AuditRecord } from './audit';

/** One entry of a subject's history, oldest first. */
export interface AuditHistoryRow {
  occurred_at: Date;
  action: string;
  actor_type: ActorType;
  actor_id: string;
  changes: Record<string, unknown>;
}

/** Every statement on `audit_event`. Other folders write through `recordAudit` (audit.ts), inside their transaction. */
export class AuditRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Writes an audit event; run it on the caller's transaction so that the change and its record commit together. */
  async insert(actor: Actor, record: AuditRecord): Promise<void> {
    await this.sql.execute(
      `INSERT INTO audit_event (actor_type, actor_id, request_id, partner_id, subject_type, subject_id, action, changes, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, coalesce($9, now()))`,
      [
        actor.type,
        actor.id,
        actor.requestId ?? null,
        record.partnerId,
        record.subjectType,
        record.subjectId,
        record.action,
        JSON.stringify(record.changes ?? {}),
        record.at ?? null,
      ],
    );
  }

  /** The history of one subject (an order's, in the order detail), oldest first. */
  historyOf(subjectType: AuditRecord['subjectType'], subjectId: string): Promise<AuditHistoryRow[]> {
    return this.sql.rows<AuditHistoryRow>(
      `SELECT occurred_at, action, actor_type, actor_id, changes FROM audit_event
        WHERE subject_type = $1 AND subject_id = $2 ORDER BY occurred_at, id`,
      [subjectType, subjectId],
    );
  }

  // ---- added by data-records for their callers (each method names its caller)

  /**
   * Retention: the events about these subjects, and those the end user did, keep what happened and when; their
   * details and the end user's own id as actor are blanked. Caller: src/retention/retention.ts.
   */
  async anonymise(subjectIds: readonly string[], endUserId: string): Promise<void> {
    await this.sql.execute(
      `UPDATE audit_event SET changes = '{}'::jsonb, actor_id = CASE WHEN actor_type = 'end_user' THEN 'deleted' ELSE actor_id END
        WHERE subject_id = ANY ($1::uuid[]) OR (actor_type = 'end_user' AND actor_id = $2)`,
      [subjectIds, endUserId],
    );
  }

  /** Demo only: the order's decision event moved to `decidedAt`. Caller: src/demo/seed.ts. */
  async backdateDecision(orderId: string, decidedAt: Date): Promise<void> {
    await this.sql.execute(
      `UPDATE audit_event SET occurred_at = $2 WHERE subject_id = $1 AND action IN ('approved', 'rejected')`,
      [orderId, decidedAt],
    );
  }
}
