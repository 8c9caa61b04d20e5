import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '../audit/audit';
import type { Outbox } from '../notifications/outbox';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import { CardChange, transitionCard } from './card-lifecycle';
import { CardsRepository } from './cards.repository';

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
