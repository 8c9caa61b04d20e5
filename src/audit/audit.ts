import type { EntityManager } from 'typeorm';
import { type SqlExecutor, transactionExecutor } from '../db/sql-executor';
import { AuditRepository } from './audit.repository';

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
  /** What changed, field → `{ from, to }`, or the values something was done with (an order's kind when placed). */
  changes?: Record<string, unknown>;
  /** When it happened, if not now (historic data being loaded). */
  at?: Date;
}

/**
 * Writes an audit event with the caller's transaction, so that the change and its record commit together: pass the
 * transaction's EntityManager (`dataSource.transaction(manager => …)`) or its executor (`inTransaction`).
 */
export async function recordAudit(
  transaction: EntityManager | SqlExecutor,
  actor: Actor,
  record: AuditRecord,
): Promise<void> {
  const sql = isExecutor(transaction) ? transaction : transactionExecutor(transaction);
  await new AuditRepository(sql).insert(actor, record);
}

function isExecutor(transaction: EntityManager | SqlExecutor): transaction is SqlExecutor {
  return 'execute' in transaction && 'first' in transaction;
}
