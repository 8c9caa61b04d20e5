import type { CursorPosition } from '../common/pagination';
import { literal, type ReportQuery } from '../common/report-query';
import type { SqlExecutor } from '../db/sql-executor';
import type { InvoiceItem } from './invoice.dto';

/** An invoice's head; the amounts are bigint in the table and come as text from pg. */
export interface InvoiceRow {
  id: string;
  invoice_number: string;
  /** YYYY-MM */
  period: string;
  net_ore: string;
  vat_ore: string;
  total_ore: string;
  issued_at: Date;
}

/** The invoice's lines summed by item, card product, order kind and price. */
export interface InvoiceGroupRow {
  item: InvoiceItem;
  card_product_id: string;
  card_product_name: string;
  order_kind: string | null;
  quantity: number;
  unit_price_ore: number;
  amount_ore: string;
}

/** One line to bill. */
export interface NewInvoiceLine {
  item: InvoiceItem;
  cardProductId: string;
  orderKind: string | null;
  reference: string;
  company: string | null;
  quantity: number;
  unitPriceOre: number;
}

const COLUMNS = `id, invoice_number, to_char(period_start, 'YYYY-MM') AS period, net_ore, vat_ore, total_ore, issued_at`;

/** Every statement on the `invoice` and `invoice_line` tables. */
export class InvoicesRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Up to `limit` of the partner's invoices after `after`, newest first. */
  pageOfPartner(partnerId: string, after: CursorPosition | undefined, limit: number): Promise<InvoiceRow[]> {
    return this.sql.rows<InvoiceRow>(
      `SELECT ${COLUMNS} FROM invoice
        WHERE partner_id = $1 AND ($2::timestamptz IS NULL OR (issued_at, id) < ($2, $3::uuid))
        ORDER BY issued_at DESC, id DESC LIMIT $4`,
      [partnerId, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  findOfPartner(partnerId: string, invoiceId: string): Promise<InvoiceRow | undefined> {
    return this.sql.first<InvoiceRow>(`SELECT ${COLUMNS} FROM invoice WHERE id = $1 AND partner_id = $2`, [
      invoiceId,
      partnerId,
    ]);
  }

  groups(invoiceId: string): Promise<InvoiceGroupRow[]> {
    return this.sql.rows<InvoiceGroupRow>(
      `SELECT l.item, l.card_product_id, cp.name AS card_product_name, l.order_kind::text AS order_kind,
              sum(l.quantity)::int AS quantity, l.unit_price_ore, sum(l.amount_ore)::bigint AS amount_ore
         FROM invoice_line l JOIN card_product cp ON cp.id = l.card_product_id
        WHERE l.invoice_id = $1
        GROUP BY l.item, l.card_product_id, cp.name, l.order_kind, l.unit_price_ore
        ORDER BY l.item, cp.name, l.order_kind`,
      [invoiceId],
    );
  }

  /**
   * The invoice's lines as a read model for a JSON page or the CSV/NDJSON export (COPY takes no parameters, so
   * the id is an escaped literal; the caller checked the invoice is the partner's).
   */
  linesReport(invoiceId: string): ReportQuery {
    return {
      columns: `l.item, cp.name AS "cardProduct", l.order_kind AS "orderKind", l.reference, l.company, l.quantity,
        l.unit_price_ore AS "unitPriceOre", l.amount_ore::int AS "amountOre"`,
      from: `invoice_line l JOIN card_product cp ON cp.id = l.card_product_id`,
      where: [`l.invoice_id = ${literal(invoiceId)}::uuid`],
      sort: { key: 'l.created_at', id: 'l.id', direction: 'ASC' },
    };
  }

  // ---- the monthly invoicing (src/invoices/invoicing.ts)

  /** A new empty invoice for the partner's month; undefined when the month has one already. */
  async insertUnlessInvoiced(partnerId: string, periodStart: string): Promise<string | undefined> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO invoice (partner_id, period_start, net_ore, vat_ore, total_ore) VALUES ($1, $2, 0, 0, 0)
       ON CONFLICT (partner_id, period_start) DO NOTHING RETURNING id`,
      [partnerId, periodStart],
    );
    return row?.id;
  }

  /** The lines in one statement, in the order given (their created_at ties are broken by insertion order). */
  async insertLines(invoiceId: string, lines: readonly NewInvoiceLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.sql.execute(
      `INSERT INTO invoice_line (invoice_id, item, card_product_id, order_kind, reference, company, quantity, unit_price_ore, amount_ore)
       SELECT $1, l.item, l.card_product_id, l.order_kind::order_kind, l.reference, l.company, l.quantity, l.unit_price_ore,
              l.quantity::bigint * l.unit_price_ore
         FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[])
              WITH ORDINALITY AS l(item, card_product_id, order_kind, reference, company, quantity, unit_price_ore, n)
        ORDER BY l.n`,
      [
        invoiceId,
        lines.map((l) => l.item),
        lines.map((l) => l.cardProductId),
        lines.map((l) => l.orderKind),
        lines.map((l) => l.reference),
        lines.map((l) => l.company),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPriceOre),
      ],
    );
  }

  /** Sums the lines into the invoice's net, VAT (rounded to whole øre) and total; answers the count and total. */
  async settleTotals(invoiceId: string, vatPercent: number): Promise<{ lines: number; total_ore: string }> {
    const row = await this.sql.first<{ lines: number; total_ore: string }>(
      `UPDATE invoice i SET net_ore = t.net, vat_ore = round(t.net * $2::int / 100.0), total_ore = t.net + round(t.net * $2::int / 100.0)
         FROM (SELECT coalesce(sum(amount_ore), 0)::bigint AS net, count(*)::int AS lines FROM invoice_line WHERE invoice_id = $1) t
        WHERE i.id = $1 RETURNING t.lines, i.total_ore`,
      [invoiceId, vatPercent],
    );
    if (!row) throw new Error(`invoice ${invoiceId} vanished inside its own transaction`);
    return row;
  }
}
