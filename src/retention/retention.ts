import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit';
import { AuditRepository } from '../audit/audit.repository';
import { CardsRepository } from '../cards/cards.repository';
import { inTransaction, poolExecutor, type SqlExecutor } from '../db/sql-executor';
import { EndUsersRepository } from '../end-users/end-users.repository';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { EmailMessagesRepository } from '../notifications/email-messages.repository';
import { OrdersRepository } from '../orders/orders.repository';
import { PowersOfAttorneyRepository } from '../powers-of-attorney/powers-of-attorney.repository';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository';
import { type RetentionRunCounts, RetentionRunsRepository } from './retention-runs.repository';

export type RetentionCounts = RetentionRunCounts;

export interface RetentionPreviewRow {
  endUserId: string;
  lastActivityAt: string;
  orders: number;
  cards: number;
}

/** What a run with this cutoff (and powers of attorney past `today`) would delete; deletes nothing. */
export async function previewRetention(
  dataSource: DataSource,
  cutoff: string,
  today: string,
): Promise<RetentionCounts & { sample: RetentionPreviewRow[] }> {
  const pool = poolExecutor(dataSource);
  const orders = new OrdersRepository(pool);
  const counts = await orders.retentionPreviewCounts(cutoff);
  const sample = await orders.retentionPreviewSample(cutoff);
  return {
    endUsers: counts.end_users,
    orders: counts.orders,
    cards: counts.cards,
    powersOfAttorney: await new PowersOfAttorneyRepository(pool).countPastKeepUntil(today),
    sample: sample.map((row) => ({
      endUserId: row.id,
      lastActivityAt: row.last_activity_at.toISOString(),
      orders: row.orders,
      cards: row.cards,
    })),
  };
}

/** Days the events feed (GET /v1/events) keeps an event: at least this many, deleted by the daily retention run. */
export const EVENT_RETENTION_DAYS = 30;

/**
 * Deletes one end user and every piece of their personal data — orders, cards, e-mails, webhook payloads —
 * in one transaction. The audit trail stays, anonymised: the events keep what happened and when, their
 * details and the end user's own id as actor are blanked, and one event records the deletion.
 */
async function deleteEndUser(
  tx: SqlExecutor,
  manager: EntityManager,
  endUserId: string,
  runId: string,
  cutoff: string,
): Promise<{ orders: number; cards: number } | undefined> {
  const ordersRepository = new OrdersRepository(tx);
  const cardsRepository = new CardsRepository(tx);
  // Re-checked under a lock: the end user may have ordered since the candidates were read.
  await new EndUsersRepository(tx).lock(endUserId);
  const [still] = await ordersRepository.retentionDue(cutoff, endUserId);
  if (!still) return undefined;
  const orders = await ordersRepository.idsOfEndUser(endUserId);
  const cards = await cardsRepository.idsOfEndUser(endUserId);
  const subjects = [endUserId, ...orders, ...cards];
  await new AuditRepository(tx).anonymise(subjects, endUserId);
  await new EmailMessagesRepository(tx).deleteAboutSubjects(subjects);
  await new WebhookEventsRepository(tx).deleteAboutOrdersOrCards([...orders, ...cards]);
  await ordersRepository.detachRenewalsOfEndUser(endUserId);
  await cardsRepository.deleteOfEndUser(endUserId);
  await ordersRepository.deleteOfEndUser(endUserId);
  await new EndUsersRepository(tx).delete(endUserId);
  await recordAudit(
    manager,
    { type: 'system', id: 'retention' },
    {
      partnerId: null,
      subjectType: 'end_user',
      subjectId: endUserId,
      action: 'deleted_by_retention',
      changes: { retentionRun: runId, orders: orders.length, cards: cards.length },
    },
  );
  return { orders: orders.length, cards: cards.length };
}

/**
 * The retention job: deletes the end users due (see `candidates`) and the powers of attorney past their ten
 * years, records the run with its counts, and answers them.
 */
export async function runRetention(
  dataSource: DataSource,
  cutoff: string,
  today: string,
): Promise<RetentionCounts & { runId: string }> {
  const pool = poolExecutor(dataSource);
  const runId = await new RetentionRunsRepository(pool).start(cutoff);
  const counts: RetentionCounts = { endUsers: 0, orders: 0, cards: 0, powersOfAttorney: 0 };
  const due = await new OrdersRepository(pool).retentionDue(cutoff);
  for (const { id } of due) {
    const deleted = await inTransaction(dataSource, (tx, manager) => deleteEndUser(tx, manager, id, runId, cutoff));
    if (!deleted) continue;
    counts.endUsers++;
    counts.orders += deleted.orders;
    counts.cards += deleted.cards;
  }
  await inTransaction(dataSource, async (tx, manager) => {
    const expired = await new PowersOfAttorneyRepository(tx).deletePastKeepUntil(today);
    for (const document of expired) {
      await recordAudit(
        manager,
        { type: 'system', id: 'retention' },
        {
          partnerId: document.partner_id,
          subjectType: 'power_of_attorney',
          subjectId: document.id,
          action: 'deleted_by_retention',
          changes: { retentionRun: runId },
        },
      );
    }
    counts.powersOfAttorney = expired.length;
    // The events feed keeps EVENT_RETENTION_DAYS; older events go, with their delivery log (retries end after three days).
    await new WebhookEventsRepository(tx).deleteOlderThanDays(today, EVENT_RETENTION_DAYS);
    // Stored answers of idempotent requests hold personal data; they are only needed for a day (KEY_LIFETIME).
    await new IdempotencyKeysRepository(tx).deleteExpired();
    await new RetentionRunsRepository(tx).recordCounts(runId, counts);
  });
  return { runId, ...counts };
}
