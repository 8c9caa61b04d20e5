import type { EntityManager } from 'typeorm';
import { EXPIRY_NOTICE_MONTHS } from '../cards/card-expiry';
import { lockCard } from '../cards/card-lifecycle';
import { toCardEventData } from '../cards/card.mapper';
import { CardsRepository, type ExpiryNoticeCandidateRow } from '../cards/cards.repository';
import { inTransaction, poolExecutor, type SqlExecutor } from '../db/sql-executor';
import type { Outbox } from '../notifications/outbox';
import { expiryNotice } from '../notifications/notices';
import { OrdersRepository } from '../orders/orders.repository';
import type { DataSource } from 'typeorm';

// The expiry notice is a job of its own folder because it joins two aggregates: the card's window (cards) and
// whether a renewal is under way (orders). In cards/ it made cards and orders import each other.

const BATCH = 500;

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
  // Not lost without a trace when there is no address: the card's history says why, and the partner has `card.expiring`.
  await outbox.emailOrRecord(manager, {
    notice: 'expiry',
    partnerId: card.partner_id,
    subject: { type: 'card', id: card.id },
    to: facts.email,
    content: expiryNotice({
      givenName: facts.given_name,
      serialNumber: card.serial_number,
      expiresOn: card.expires_on,
      partnerName: facts.partner_name,
      cardProductName: facts.product_name,
    }),
    missing: 'the end user has no e-mail address',
    instead: 'the card.expiring webhook event to the partner',
  });
  await outbox.publish(manager, { partnerId: card.partner_id, type: 'card.expiring', data: toCardEventData(card) });
}
