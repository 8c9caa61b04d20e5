import { randomInt } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit';
import type { Outbox } from '../notifications/outbox';
import { expiryNotice } from '../notifications/notices';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor, type SqlExecutor } from '../db/sql-executor';
import { OrdersRepository } from '../orders/orders.repository';
import { CardChange, lockCard, transitionCard } from './card-lifecycle';
import { toCardEventData } from './card.mapper';
import { CardsRepository, type ExpiryNoticeCandidateRow } from './cards.repository';

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
  const cards = new CardsRepository(poolExecutor(dataSource));
  let expired = 0;
  for (;;) {
    const due = await cards.idsPastExpiry(today, BATCH);
    for (const id of due) {
      await changeUnlessMoved(dataSource, outbox, id, { action: 'expired' }, actor);
    }
    expired += due.length;
    if (due.length < BATCH) return expired;
  }
}

/**
 * Daily: the expiry notice ("you can renew now") for each card the end user can renew today, once per card
 * (`expiry_notice_at` is set in the same transaction as the outbox rows). It follows the renewal rule of
 * `orderOptions`: an active card (a shipped one is activated first, and noticed once it is), from two months
 * before its expiry date (the same month arithmetic), with no renewal pending or approved (a rejected
 * renewal leaves the card to be noticed again). The e-mail goes only to an end user with an e-mail address;
 * `card.expiring` goes to the partner's webhooks either way.
 */
export async function sendExpiryNotices(dataSource: DataSource, outbox: Outbox, today: string): Promise<number> {
  const cards = new CardsRepository(poolExecutor(dataSource));
  const orders = new OrdersRepository(poolExecutor(dataSource));
  let noticed = 0;
  // Walks the cards in the window once, in (expires_on, id) order; those with a renewal under way are left out.
  let after: ExpiryNoticeCandidateRow | undefined;
  for (;;) {
    const window = await cards.unnoticedInRenewalWindow(today, EXPIRY_NOTICE_MONTHS, after, BATCH);
    const renewing = new Set(await orders.cardIdsWithRenewalUnderWay(window.map((card) => card.id)));
    const due = window.filter((card) => !renewing.has(card.id));
    for (const { id } of due) {
      await inTransaction(dataSource, (tx, manager) => sendExpiryNotice(tx, manager, outbox, id, today));
    }
    noticed += due.length;
    if (window.length < BATCH) return noticed;
    after = window[window.length - 1];
  }
}

/** One card's expiry notice, in its own transaction; re-checked under the card's lock. */
async function sendExpiryNotice(
  tx: SqlExecutor,
  manager: EntityManager,
  outbox: Outbox,
  cardId: string,
  today: string,
): Promise<void> {
  const cards = new CardsRepository(tx);
  const card = await lockCard(cards, cardId);
  const facts = await cards.expiryNoticeFacts(cardId);
  // Activated, revoked, noticed or renewed meanwhile.
  if (!facts || !(await cards.inRenewalWindowUnnoticed(cardId, today, EXPIRY_NOTICE_MONTHS))) return;
  if ((await new OrdersRepository(tx).cardIdsWithRenewalUnderWay([cardId])).length > 0) return;
  await cards.markExpiryNoticed(cardId);
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
  await outbox.publish(manager, { partnerId: card.partner_id, type: 'card.expiring', data: toCardEventData(card) });
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
  const cards = new CardsRepository(poolExecutor(dataSource));
  const toShip = await cards.idsInStatusFor('in_production', afterSeconds, BATCH);
  for (const id of toShip) {
    await changeUnlessMoved(dataSource, outbox, id, { action: 'shipped', trackingNumber: trackingNumber() }, actor);
  }
  const toActivate = await cards.idsInStatusFor('shipped', afterSeconds, BATCH);
  for (const id of toActivate) {
    await changeUnlessMoved(dataSource, outbox, id, { action: 'activated' }, actor);
  }
  return { shipped: toShip.length, activated: toActivate.length };
}
