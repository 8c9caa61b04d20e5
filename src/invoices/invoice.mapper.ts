import type { InvoiceGroup, InvoiceSummary } from './invoice.dto';
import { VAT_PERCENT } from './invoicing';
import type { InvoiceGroupRow, InvoiceRow } from './invoices.repository';
import { isoTimestamp } from '../common/iso-timestamp';

/** An invoice as the list and the detail answer it; the bigint amounts as numbers (they stay far below 2^53). */
export function toInvoiceSummary(row: InvoiceRow): InvoiceSummary {
  return {
    id: row.id,
    invoiceNumber: row.invoice_number,
    period: row.period,
    netOre: Number(row.net_ore),
    vatPercent: VAT_PERCENT,
    vatOre: Number(row.vat_ore),
    totalOre: Number(row.total_ore),
    issuedAt: isoTimestamp(row.issued_at),
  };
}

export function toInvoiceGroup(row: InvoiceGroupRow): InvoiceGroup {
  return {
    item: row.item,
    cardProductId: row.card_product_id,
    cardProductName: row.card_product_name,
    orderKind: row.order_kind,
    quantity: row.quantity,
    unitPriceOre: row.unit_price_ore,
    amountOre: Number(row.amount_ore),
  };
}
