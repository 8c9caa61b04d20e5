/** card: a card issued; card_reader: a reader sent with a first order's card; card_reader_stock: readers for your stock. @example "card" */
export type InvoiceItem = 'card' | 'card_reader' | 'card_reader_stock';

/** A monthly invoice. Amounts are integer øre (1/100 NOK). */
export interface InvoiceSummary {
  /** @format uuid @maxLength 36 */
  id: string;
  /** @maxLength 20 @example "F-100001" */
  invoiceNumber: string;
  /** The month billed. @pattern ^[0-9]{4}-[0-9]{2}$ @maxLength 7 @example "2026-10" */
  period: string;
  /** VAT excluded. @isLong @minimum 0 @maximum 100000000000 @example 1197000 */
  netOre: number;
  /** @isInt @minimum 0 @maximum 100 @example 25 */
  vatPercent: number;
  /** @isLong @minimum 0 @maximum 100000000000 @example 299250 */
  vatOre: number;
  /** @isLong @minimum 0 @maximum 100000000000 @example 1496250 */
  totalOre: number;
  /** @format date-time @maxLength 30 */
  issuedAt: string;
}

/** The lines of an invoice summed by item, card product and order kind. */
export interface InvoiceGroup {
  item: InvoiceItem;
  /** @format uuid @maxLength 36 */
  cardProductId: string;
  /** @maxLength 200 */
  cardProductName: string;
  /** new, additional or renewal; empty for stock readers. @maxLength 20 */
  orderKind: string | null;
  /** @isInt @minimum 0 @maximum 100000000 */
  quantity: number;
  /** @isInt @minimum 0 @maximum 100000000 */
  unitPriceOre: number;
  /** @isLong @minimum 0 @maximum 100000000000 */
  amountOre: number;
}

export interface InvoiceDetail extends InvoiceSummary {
  /** @maxItems 100 */
  groups: InvoiceGroup[];
}

export interface InvoicePage {
  /** @maxItems 100 */
  data: InvoiceSummary[];
  /** @maxLength 200 */
  nextCursor: string | null;
}

/** One line: a card, a reader, or a stock order, with the company field for reconciling against your customers. */
export interface InvoiceLine {
  item: InvoiceItem;
  /** @maxLength 200 */
  cardProduct: string;
  /** @maxLength 20 */
  orderKind: string | null;
  /** Order number and card serial, or the stock order's number. @maxLength 60 @example "PW-00001234 BPS10000042" */
  reference: string;
  /** @maxLength 200 */
  company: string | null;
  /** @isInt @minimum 0 @maximum 100000000 */
  quantity: number;
  /** @isInt @minimum 0 @maximum 100000000 */
  unitPriceOre: number;
  /** @isLong @minimum 0 @maximum 100000000000 */
  amountOre: number;
}

export interface InvoiceLinePage {
  /** @maxItems 1000 */
  data: InvoiceLine[];
  /** @maxLength 200 */
  nextCursor: string | null;
}
