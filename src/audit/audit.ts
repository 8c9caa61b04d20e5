import { EntityManager } from 'typeorm';

export type ActorType = 'api_client' | 'end_user' | 'operator' | 'system' | 'approval_policy';

/** Who made a change: an API client of a partner, an end user, an operator, the system itself, or a partner's approval policy. */
export interface Actor {
  type: ActorType;
  /** Client id, end-user id, operator id or job name. */
  id: string;
  /** The id of the request that made the change, when it came over HTTP. */
  requestId?: string;
}

export interface AuditRecord {
  partnerId: string | null;
  subjectType:
    | 'order'
    | 'card'
    | 'end_user'
    | 'partner'
    | 'card_reader_order'
    | 'invoice'
    | 'power_of_attorney'
    | 'retention'
    | 'api_client';
  subjectId: string;
  action: string;
  changes?: Record<string, { from: unknown; to: unknown } | unknown>;
  /** When it happened, if not now (historic data being loaded). */
  at?: Date;
}

/** Writes an audit event with the caller's transaction, so that the change and its record commit together. */
export async function recordAudit(manager: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
  await manager.query(
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
