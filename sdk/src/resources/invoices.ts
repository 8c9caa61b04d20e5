import { ndjsonRows } from '../core/ndjson.js';
import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { InvoiceDetail, InvoiceLine, InvoiceLineListQuery, InvoiceListQuery, InvoiceSummary } from '../types.js';

/** Your monthly invoices and their lines. */
export class Invoices extends APIResource {
  /** Invoices newest first; await for one page, or iterate for all. */
  list(query: InvoiceListQuery = {}, options?: RequestOptions): PagePromise<InvoiceSummary> {
    return this.paginate('/v1/invoices', query, options);
  }

  /** An invoice with its lines summed by item, card product and order kind. */
  get(invoiceId: string, options?: RequestOptions): Promise<InvoiceDetail> {
    return this.read(path`/v1/invoices/${invoiceId}`, undefined, options);
  }

  /** Every line of an invoice, with the company field, for reconciling against your customers; paginated. */
  listLines(invoiceId: string, query: InvoiceLineListQuery = {}, options?: RequestOptions): PagePromise<InvoiceLine> {
    return this.paginate(path`/v1/invoices/${invoiceId}/lines`, query, options);
  }

  /** The lines as a byte stream of CSV (a header row; `bom` for Excel) or NDJSON, to save or pipe on. */
  async exportLines(
    invoiceId: string,
    query: { format: 'csv' | 'ndjson'; bom?: boolean },
    options?: RequestOptions,
  ): Promise<ReadableStream<Uint8Array>> {
    const request = { method: 'GET', path: path`/v1/invoices/${invoiceId}/lines`, query, parse: 'stream' } as const;
    return (await this.transport.request<ReadableStream<Uint8Array>>(request, options)).data;
  }

  /** Every line, streamed as NDJSON and parsed a line at a time: constant memory at any size. */
  async *streamLines(invoiceId: string, options?: RequestOptions): AsyncGenerator<InvoiceLine> {
    yield* ndjsonRows<InvoiceLine>(await this.exportLines(invoiceId, { format: 'ndjson' }, options));
  }
}
