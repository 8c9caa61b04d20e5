import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit';

/** Norwegian VAT (merverdiavgift) on the issuer's services, in percent. */
export const VAT_PERCENT = 25;

/** The first day of the month before the one `day` (YYYY-MM-DD) falls in. */
export function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
}

/** `column` falls in the month starting on the date parameter `param`, in Oslo time. */
const inMonth = (column: string, param: string) =>
  `${column} >= (${param}::date::timestamp AT TIME ZONE 'Europe/Oslo') AND ${column} < ((${param}::date + interval '1 month')::timestamp AT TIME ZONE 'Europe/Oslo')`;

// What a month bills for partner $1 and month $2: cards issued (left production) on an order, not yet invoiced,
// and stock orders of card readers placed in the month. Cards issued before self-service have no order: never billed.
const CARDS = `c.partner_id = $1 AND c.invoice_id IS NULL AND c.order_id IS NOT NULL AND ${inMonth('c.issued_at', '$2')}`;
const STOCK = `r.partner_id = $1 AND r.invoice_id IS NULL AND ${inMonth('r.created_at', '$2')}`;

/**
 * Makes the invoices for one month (its first day, YYYY-MM-01): one per partner with anything to bill, a line
 * for each card issued in the month, for each card reader sent with such a card, and for each stock order of
 * card readers, priced from the card product's price list in integer øre, VAT on top. Each partner's invoice
 * is made in one transaction that also marks what it billed; the unique (partner, month) makes a second run,
 * or a concurrent one, make nothing.
 */
export async function invoiceMonth(
  dataSource: DataSource,
  periodStart: string,
): Promise<{ invoices: number; lines: number }> {
  const partners: { partner_id: string }[] = await dataSource.query(
    `SELECT c.partner_id FROM card c WHERE c.invoice_id IS NULL AND c.order_id IS NOT NULL AND ${inMonth('c.issued_at', '$1')}
     UNION SELECT r.partner_id FROM card_reader_order r WHERE r.invoice_id IS NULL AND ${inMonth('r.created_at', '$1')}`,
    [periodStart],
  );
  let invoices = 0;
  let lines = 0;
  for (const { partner_id: partnerId } of partners) {
    const made = await dataSource.transaction(async (manager) => {
      const [invoice] = await manager.query(
        `INSERT INTO invoice (partner_id, period_start, net_ore, vat_ore, total_ore) VALUES ($1, $2, 0, 0, 0)
         ON CONFLICT (partner_id, period_start) DO NOTHING RETURNING id`,
        [partnerId, periodStart],
      );
      if (!invoice) return 0;
      const params = [partnerId, periodStart, invoice.id];
      await manager.query(
        `INSERT INTO invoice_line (invoice_id, item, card_product_id, order_kind, reference, company, quantity, unit_price_ore, amount_ore)
         SELECT $3, item.name, c.card_product_id, o.kind, o.order_number || ' ' || c.serial_number, o.company, 1, item.price, item.price
           FROM card c JOIN card_order o ON o.id = c.order_id JOIN card_product cp ON cp.id = c.card_product_id
           CROSS JOIN LATERAL (VALUES ('card', cp.card_price_ore), ('card_reader', CASE WHEN o.card_reader THEN cp.card_reader_price_ore END)) item(name, price)
          WHERE ${CARDS} AND item.price IS NOT NULL`,
        params,
      );
      await manager.query(`UPDATE card c SET invoice_id = $3 WHERE ${CARDS}`, params);
      await manager.query(
        `INSERT INTO invoice_line (invoice_id, item, card_product_id, order_kind, reference, company, quantity, unit_price_ore, amount_ore)
         SELECT $3, 'card_reader_stock', r.card_product_id, NULL, r.order_number, NULL, r.quantity, r.unit_price_ore, r.quantity * r.unit_price_ore
           FROM card_reader_order r WHERE ${STOCK}`,
        params,
      );
      await manager.query(`UPDATE card_reader_order r SET invoice_id = $3 WHERE ${STOCK}`, params);
      const [[totals]] = await manager.query(
        `UPDATE invoice i SET net_ore = t.net, vat_ore = round(t.net * ${VAT_PERCENT} / 100.0), total_ore = t.net + round(t.net * ${VAT_PERCENT} / 100.0)
           FROM (SELECT coalesce(sum(amount_ore), 0)::bigint AS net, count(*)::int AS lines FROM invoice_line WHERE invoice_id = $1) t
          WHERE i.id = $1 RETURNING t.lines, i.total_ore`,
        [invoice.id],
      );
      await recordAudit(
        manager,
        { type: 'system', id: 'invoices.monthly' },
        {
          partnerId,
          subjectType: 'invoice',
          subjectId: invoice.id,
          action: 'issued',
          changes: { periodStart, lines: totals.lines, totalOre: Number(totals.total_ore) },
        },
      );
      return totals.lines as number;
    });
    if (made) {
      invoices++;
      lines += made;
    }
  }
  return { invoices, lines };
}
