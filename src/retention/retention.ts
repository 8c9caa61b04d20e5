import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit';

/**
 * The end users retention may delete (`only` narrows them down, e.g. to one): no active card (in production, shipped or active), no pending order, and
 * nothing has happened to them (order, decision, card change, contact change) since before `cutoff`.
 */
const candidates = (only = 'true') => `
  SELECT u.id, GREATEST(u.updated_at,
                        (SELECT max(coalesce(o.decided_at, o.created_at)) FROM card_order o WHERE o.end_user_id = u.id),
                        (SELECT max(c.updated_at) FROM card c WHERE c.end_user_id = u.id)) AS last_activity_at
    FROM end_user u
   WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.end_user_id = u.id AND c.status IN ('in_production', 'shipped', 'active'))
     AND NOT EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = u.id AND o.status = 'pending')
     AND ${only}`;

const DUE = `SELECT id, last_activity_at FROM (${candidates()}) candidates WHERE last_activity_at < ($1::date::timestamp AT TIME ZONE 'Europe/Oslo')`;

export interface RetentionCounts {
  endUsers: number;
  orders: number;
  cards: number;
  powersOfAttorney: number;
}

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
  const [counts] = await dataSource.query(
    `WITH due AS (${DUE})
     SELECT (SELECT count(*)::int FROM due) AS end_users,
            (SELECT count(*)::int FROM card_order WHERE end_user_id IN (SELECT id FROM due)) AS orders,
            (SELECT count(*)::int FROM card WHERE end_user_id IN (SELECT id FROM due)) AS cards,
            (SELECT count(*)::int FROM power_of_attorney WHERE keep_until < $2::date) AS powers_of_attorney`,
    [cutoff, today],
  );
  const sample = await dataSource.query(
    `WITH due AS (${DUE})
     SELECT d.id AS "endUserId", d.last_activity_at AS "lastActivityAt",
            (SELECT count(*)::int FROM card_order WHERE end_user_id = d.id) AS orders,
            (SELECT count(*)::int FROM card WHERE end_user_id = d.id) AS cards
       FROM due d ORDER BY d.last_activity_at, d.id LIMIT 100`,
    [cutoff],
  );
  return {
    endUsers: counts.end_users,
    orders: counts.orders,
    cards: counts.cards,
    powersOfAttorney: counts.powers_of_attorney,
    sample: sample.map((row: RetentionPreviewRow & { lastActivityAt: Date }) => ({
      ...row,
      lastActivityAt: row.lastActivityAt.toISOString(),
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
  manager: EntityManager,
  endUserId: string,
  runId: string,
  cutoffAt: Date,
): Promise<{ orders: number; cards: number } | undefined> {
  // Re-checked under a lock: the end user may have ordered since the candidates were read.
  await manager.query(`SELECT 1 FROM end_user WHERE id = $1 FOR UPDATE`, [endUserId]);
  const [still] = await manager.query(candidates('u.id = $1'), [endUserId]);
  if (!still || still.last_activity_at >= cutoffAt) return undefined;
  const orders: string[] = (await manager.query(`SELECT id FROM card_order WHERE end_user_id = $1`, [endUserId])).map(
    (r: { id: string }) => r.id,
  );
  const cards: string[] = (await manager.query(`SELECT id FROM card WHERE end_user_id = $1`, [endUserId])).map(
    (r: { id: string }) => r.id,
  );
  const subjects = [endUserId, ...orders, ...cards];
  await manager.query(
    `UPDATE audit_event SET changes = '{}'::jsonb, actor_id = CASE WHEN actor_type = 'end_user' THEN 'deleted' ELSE actor_id END
      WHERE subject_id = ANY ($1::uuid[]) OR (actor_type = 'end_user' AND actor_id = $2)`,
    [subjects, endUserId],
  );
  await manager.query(`DELETE FROM email_message WHERE subject_id = ANY ($1::uuid[])`, [subjects]);
  const events = `SELECT id FROM webhook_event WHERE payload->'data'->>'orderId' = ANY ($1::text[]) OR payload->'data'->>'cardId' = ANY ($1::text[])`;
  await manager.query(`DELETE FROM webhook_delivery WHERE event_id IN (${events})`, [[...orders, ...cards]]);
  await manager.query(`DELETE FROM webhook_event WHERE id IN (${events})`, [[...orders, ...cards]]);
  await manager.query(`UPDATE card_order SET renews_card_id = NULL WHERE end_user_id = $1`, [endUserId]);
  await manager.query(`DELETE FROM card WHERE end_user_id = $1`, [endUserId]);
  await manager.query(`DELETE FROM card_order WHERE end_user_id = $1`, [endUserId]);
  await manager.query(`DELETE FROM end_user WHERE id = $1`, [endUserId]);
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
  const [{ id: runId }] = await dataSource.query(
    `INSERT INTO retention_run (cutoff, end_users_deleted, orders_deleted, cards_deleted, powers_of_attorney_deleted) VALUES ($1, 0, 0, 0, 0) RETURNING id`,
    [cutoff],
  );
  const counts: RetentionCounts = { endUsers: 0, orders: 0, cards: 0, powersOfAttorney: 0 };
  const due: { id: string }[] = await dataSource.query(DUE, [cutoff]);
  const [{ cutoff_at: cutoffAt }] = await dataSource.query(
    `SELECT ($1::date::timestamp AT TIME ZONE 'Europe/Oslo') AS cutoff_at`,
    [cutoff],
  );
  for (const { id } of due) {
    const deleted = await dataSource.transaction((manager) => deleteEndUser(manager, id, runId, cutoffAt));
    if (!deleted) continue;
    counts.endUsers++;
    counts.orders += deleted.orders;
    counts.cards += deleted.cards;
  }
  await dataSource.transaction(async (manager) => {
    const [expired]: [{ id: string; partner_id: string }[], number] = await manager.query(
      `DELETE FROM power_of_attorney WHERE keep_until < $1::date RETURNING id, partner_id`,
      [today],
    );
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
    const oldEvents = `SELECT id FROM webhook_event WHERE created_at < (($1::date - ${EVENT_RETENTION_DAYS})::timestamp AT TIME ZONE 'Europe/Oslo')`;
    await manager.query(`DELETE FROM webhook_delivery WHERE event_id IN (${oldEvents})`, [today]);
    await manager.query(`DELETE FROM webhook_event WHERE id IN (${oldEvents})`, [today]);
    // Stored answers of idempotent requests hold personal data; they are only needed for a day.
    await manager.query(`DELETE FROM idempotency_key WHERE created_at < now() - interval '24 hours'`);
    await manager.query(
      `UPDATE retention_run SET end_users_deleted = $2, orders_deleted = $3, cards_deleted = $4, powers_of_attorney_deleted = $5 WHERE id = $1`,
      [runId, counts.endUsers, counts.orders, counts.cards, counts.powersOfAttorney],
    );
  });
  return { runId, ...counts };
}
