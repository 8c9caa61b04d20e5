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
}
