import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit';
import type { Outbox } from '../notifications/outbox';
import { expiryNotice } from '../notifications/notices';
import { Problem } from '../common/problem';
import { CardChange, cardEventData, lockCard, transitionCard } from './card-lifecycle';

import { EXPIRY_NOTICE_MONTHS } from './card-expiry'; // a rule of the card's life, not of this job

const BATCH = 500;

/** One card's change in its own transaction; a card an operator moved meanwhile is left as it is. */
async function changeUnlessMoved(
  dataSource: DataSource,
  outbox: Outbox,
  cardId: string,
  change: CardChange,
  actor: Actor,
): Promise<boolean> {
  try {
    await dataSource.transaction((manager) => transitionCard(manager, outbox, cardId, change, actor));
    return true;
  } catch (error) {
    if (error instanceof Problem && error.code === 'card-status-conflict') return false;
    throw error;
  }
}

/** Daily: every shipped or active card whose expiry date is before `today` becomes expired. */
export async function expireCards(dataSource: DataSource, outbox: Outbox, today: string): Promise<number> {
  const actor: Actor = { type: 'system', id: 'cards.expire' };
  let expired = 0;
  for (;;) {
    const due: { id: string }[] = await dataSource.query(
      `SELECT id FROM card WHERE status IN ('shipped', 'active') AND expires_on < $1::date ORDER BY expires_on, id LIMIT ${BATCH}`,
      [today],
    );
    for (const { id } of due) {
      await changeUnlessMoved(dataSource, outbox, id, { action: 'expired' }, actor);
    }
    expired += due.length;
    if (due.length < BATCH) return expired;
  }
}

/**
 * A card that can be renewed on day $1, the rule of `orderOptions` in SQL: active, no renewal pending or approved,
 * and $1 on or after the expiry date less the notice months (PostgreSQL clamps month ends as `addMonths` does).
 * The plain bound on `expires_on` (3 days past the months, the most a month-end clamp moves) lets the index work.
 */
const RENEWABLE_NOW = `c.status = 'active' AND c.expires_on >= $1::date
  AND c.expires_on <= ($1::date + make_interval(months => ${EXPIRY_NOTICE_MONTHS}, days => 3))::date
  AND (c.expires_on - make_interval(months => ${EXPIRY_NOTICE_MONTHS}))::date <= $1::date
  AND NOT EXISTS (SELECT 1 FROM card_order r WHERE r.renews_card_id = c.id AND r.status IN ('pending', 'approved'))`;

/**
 * Daily: the expiry notice ("you can renew now") for each card the end user can renew today, once per card
 * (`expiry_notice_at` is set in the same transaction as the outbox rows). It follows the renewal rule of
 * `orderOptions`: an active card (a shipped one is activated first, and noticed once it is), from two months
 * before its expiry date (the same month arithmetic), with no renewal pending or approved (a rejected
 * renewal leaves the card to be noticed again). The e-mail goes only to an end user with an e-mail address;
 * `card.expiring` goes to the partner's webhooks either way.
 */
export async function sendExpiryNotices(dataSource: DataSource, outbox: Outbox, today: string): Promise<number> {
  let noticed = 0;
  for (;;) {
    const due: { id: string }[] = await dataSource.query(
      `SELECT id FROM card c
        WHERE ${RENEWABLE_NOW} AND c.expiry_notice_at IS NULL
        ORDER BY c.expires_on, c.id LIMIT ${BATCH}`,
      [today],
    );
    for (const { id } of due) {
      await dataSource.transaction(async (manager) => {
        const card = await lockCard(manager, id);
        const [facts] = await manager.query(
          `SELECT c.expiry_notice_at, u.given_name, u.email, p.name AS partner_name, cp.name AS product_name
             FROM card c JOIN end_user u ON u.id = c.end_user_id JOIN partner p ON p.id = c.partner_id JOIN card_product cp ON cp.id = c.card_product_id
            WHERE c.id = $1`,
          [id],
        );
        // Re-checked under the lock: activated, revoked or renewed meanwhile.
        const [still] = await manager.query(`SELECT 1 FROM card c WHERE c.id = $2 AND ${RENEWABLE_NOW}`, [today, id]);
        if (facts.expiry_notice_at || !still) return;
        await manager.query(`UPDATE card SET expiry_notice_at = now() WHERE id = $1`, [id]);
        if (facts.email) {
          await outbox.email(manager, {
            notice: 'expiry',
            partnerId: card.partner_id,
            subjectId: card.id,
            to: facts.email,
            content: expiryNotice({
              givenName: facts.given_name,
              serialNumber: card.serial_number,
              expiresOn: card.expires_on,
              partnerName: facts.partner_name,
              cardProductName: facts.product_name,
            }),
          });
        } else {
          // Not lost without a trace: the card's history says why, and the partner has `card.expiring`.
          await recordAudit(
            manager,
            { type: 'system', id: 'notices' },
            {
              partnerId: card.partner_id,
              subjectType: 'card',
              subjectId: card.id,
              action: 'notice_not_sent',
              changes: {
                notice: 'expiry',
                reason: 'the end user has no e-mail address',
                instead: 'the card.expiring webhook event to the partner',
              },
            },
          );
        }
        await outbox.publish(manager, { partnerId: card.partner_id, type: 'card.expiring', data: cardEventData(card) });
      });
    }
    noticed += due.length;
    if (due.length < BATCH) return noticed;
  }
}

/** A Norwegian registered-mail tracking number (RR123456785NO form). */
function trackingNumber(): string {
  return `RR${String(randomInt(1e8)).padStart(8, '0')}${randomInt(10)}NO`;
}

/**
 * Development only: the issuer's production line, simulated. A card in production for `afterSeconds` is
 * shipped with a tracking number; one shipped for `afterSeconds` is activated, as if its holder did it.
 */
export async function runProductionLine(
  dataSource: DataSource,
  outbox: Outbox,
  afterSeconds: number,
): Promise<{ shipped: number; activated: number }> {
  const actor: Actor = { type: 'system', id: 'production-line-simulator' };
  const toShip: { id: string }[] = await dataSource.query(
    `SELECT id FROM card WHERE status = 'in_production' AND created_at <= now() - make_interval(secs => $1) LIMIT ${BATCH}`,
    [afterSeconds],
  );
  for (const { id } of toShip) {
    await changeUnlessMoved(dataSource, outbox, id, { action: 'shipped', trackingNumber: trackingNumber() }, actor);
  }
  const toActivate: { id: string }[] = await dataSource.query(
    `SELECT id FROM card WHERE status = 'shipped' AND issued_at <= now() - make_interval(secs => $1) LIMIT ${BATCH}`,
    [afterSeconds],
  );
  for (const { id } of toActivate) {
    await changeUnlessMoved(dataSource, outbox, id, { action: 'activated' }, actor);
  }
  return { shipped: toShip.length, activated: toActivate.length };
}
