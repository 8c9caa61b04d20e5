import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit';
import { CardReaderOrdersRepository } from '../card-readers/card-reader-orders.repository';
import { CardsRepository } from '../cards/cards.repository';
import { inTransaction, poolExecutor, type SqlExecutor } from '../db/sql-executor';
import { OrdersRepository } from '../orders/orders.repository';
import { InvoicesRepository, type NewInvoiceLine } from './invoices.repository';

/** Norwegian VAT (merverdiavgift) on the issuer's services, in percent. */
export const VAT_PERCENT = 25;

/** The first day of the month before the one `day` (YYYY-MM-DD) falls in. */
export function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
}

/**
 * Makes the invoices for one month (its first day, YYYY-MM-01): one per partner with anything to bill, a line
 * for each card issued in the month, for each card reader sent with such a card, and for each stock order of
 * card readers, priced from the card product's price list in integer øre, VAT on top. Each partner's invoice
 * is made in one transaction that also marks what it billed; the unique (partner, month) makes a second run,
 * or a concurrent one, make nothing.
 *
 * What was billed comes from the cards (issued on an order in the month, not yet invoiced: cards issued before
 * self-service have no order and are never billed) and the stock orders of card readers placed in the month;
 * the order facts on a card's line (number, kind, company, card reader) from the orders repository
 * (`billingFacts`), not from a read model: invoicing writes (the lines, and marks the cards billed) in the same
 * transaction as it reads, reports/ is for what partners download, and `card_order` is read only through its
 * repository; a month's cards of one partner are a few thousand rows at most, one query each way.
 */
export async function invoiceMonth(
  dataSource: DataSource,
  periodStart: string,
): Promise<{ invoices: number; lines: number }> {
  const pool = poolExecutor(dataSource);
  const partners = new Set([
    ...(await new CardsRepository(pool).partnersWithUnbilledCards(periodStart)),
    ...(await new CardReaderOrdersRepository(pool).partnersWithUnbilledOrders(periodStart)),
  ]);
  let invoices = 0;
  let lines = 0;
  for (const partnerId of partners) {
    const made = await inTransaction(dataSource, (tx, manager) => invoicePartner(tx, manager, partnerId, periodStart));
    if (made) {
      invoices++;
      lines += made;
    }
  }
  return { invoices, lines };
}

/** One partner's invoice for the month, in the caller's transaction; answers its number of lines (0: none made). */
async function invoicePartner(
  tx: SqlExecutor,
  manager: EntityManager,
  partnerId: string,
  periodStart: string,
): Promise<number> {
  const invoicesRepository = new InvoicesRepository(tx);
  const cards = new CardsRepository(tx);
  const stock = new CardReaderOrdersRepository(tx);
  const invoiceId = await invoicesRepository.insertUnlessInvoiced(partnerId, periodStart);
  if (!invoiceId) return 0;

  const billedCards = await cards.unbilledForUpdate(partnerId, periodStart);
  const orders = new Map(
    (await new OrdersRepository(tx).billingFacts(billedCards.map((card) => card.order_id))).map((o) => [o.id, o]),
  );
  const billedStock = await stock.unbilledForUpdate(partnerId, periodStart);
  const newLines: NewInvoiceLine[] = [];
  for (const card of billedCards) {
    const order = orders.get(card.order_id);
    if (!order) throw new Error(`card ${card.id} names order ${card.order_id}, which does not exist`);
    const line = { cardProductId: card.card_product_id, orderKind: order.kind, company: order.company, quantity: 1 };
    const reference = `${order.order_number} ${card.serial_number}`;
    newLines.push({ ...line, item: 'card', reference, unitPriceOre: card.card_price_ore });
    if (order.card_reader) {
      newLines.push({ ...line, item: 'card_reader', reference, unitPriceOre: card.card_reader_price_ore });
    }
  }
  for (const order of billedStock) {
    newLines.push({
      item: 'card_reader_stock',
      cardProductId: order.card_product_id,
      orderKind: null,
      reference: order.order_number,
      company: null,
      quantity: order.quantity,
      unitPriceOre: order.unit_price_ore,
    });
  }
  await invoicesRepository.insertLines(invoiceId, newLines);
  await cards.markInvoiced(
    billedCards.map((card) => card.id),
    invoiceId,
  );
  await stock.markInvoiced(
    billedStock.map((order) => order.id),
    invoiceId,
  );
  const totals = await invoicesRepository.settleTotals(invoiceId, VAT_PERCENT);
  await recordAudit(
    manager,
    { type: 'system', id: 'invoices.monthly' },
    {
      partnerId,
      subjectType: 'invoice',
      subjectId: invoiceId,
      action: 'issued',
      changes: { periodStart, lines: totals.lines, totalOre: Number(totals.total_ore) },
    },
  );
  return totals.lines;
}
