import type { DataSource } from 'typeorm';
import { newestFirstPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { literal, type ReportQuery } from '../reports/report-query';
import type { InvoiceDetail, InvoicePage, InvoiceSummary } from './invoice.dto';
import { VAT_PERCENT } from './invoicing';

const COLUMNS = `id, invoice_number, to_char(period_start, 'YYYY-MM') AS period, net_ore, vat_ore, total_ore, issued_at`;

function toSummary(row: Record<string, never>): InvoiceSummary {
  return {
    id: row.id,
    invoiceNumber: row.invoice_number,
    period: row.period,
    netOre: Number(row.net_ore),
    vatPercent: VAT_PERCENT,
    vatOre: Number(row.vat_ore),
    totalOre: Number(row.total_ore),
    issuedAt: (row.issued_at as Date).toISOString(),
  };
}

/** A partner's invoices; every query is scoped by the partner id of the token. */
export class InvoicesService {
  constructor(private readonly dataSource: DataSource) {}

  list(partnerId: string, options: { limit?: number; cursor?: string }): Promise<InvoicePage> {
    const query = {
      select: COLUMNS,
      from: 'invoice',
      where: 'partner_id = $1',
      values: [partnerId],
      at: 'issued_at',
      id: 'id',
    };
    return newestFirstPage(this.dataSource, query, options, toSummary);
  }

  async get(partnerId: string, invoiceId: string): Promise<InvoiceDetail> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM invoice WHERE id = $1 AND partner_id = $2`, [
      invoiceId,
      partnerId,
    ]);
    if (!row) throw Problem.notFound(`Invoice ${invoiceId}`);
    const groups = await this.dataSource.query(
      `SELECT l.item, l.card_product_id AS "cardProductId", cp.name AS "cardProductName", l.order_kind::text AS "orderKind",
              sum(l.quantity)::int AS quantity, l.unit_price_ore AS "unitPriceOre", sum(l.amount_ore)::bigint AS "amountOre"
         FROM invoice_line l JOIN card_product cp ON cp.id = l.card_product_id
        WHERE l.invoice_id = $1
        GROUP BY l.item, l.card_product_id, cp.name, l.order_kind, l.unit_price_ore
        ORDER BY l.item, cp.name, l.order_kind`,
      [invoiceId],
    );
    return {
      ...toSummary(row),
      groups: groups.map((g: Record<string, unknown>) => ({ ...g, amountOre: Number(g.amountOre) })),
    };
  }

  /** The invoice's lines as a report: a JSON page, or the whole CSV/NDJSON export with the company field. */
  async lines(partnerId: string, invoiceId: string): Promise<ReportQuery> {
    await this.get(partnerId, invoiceId);
    return {
      columns: `l.item, cp.name AS "cardProduct", l.order_kind AS "orderKind", l.reference, l.company, l.quantity,
        l.unit_price_ore AS "unitPriceOre", l.amount_ore::int AS "amountOre"`,
      from: `invoice_line l JOIN card_product cp ON cp.id = l.card_product_id`,
      where: [`l.invoice_id = ${literal(invoiceId)}::uuid`],
      sort: { key: 'l.created_at', id: 'l.id', direction: 'ASC' },
    };
  }
}
