import { ndjsonRows } from '../core/ndjson.js';
import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import type { Transport } from '../core/transport.js';
import type {
  ApprovedOrderReportQuery,
  ApprovedOrderReportRow,
  EndUserReportQuery,
  EndUserReportRow,
  ExpiringCardReportQuery,
  ExpiringCardReportRow,
  OrderReportQuery,
  OrderReportRow,
} from '../types.js';

export interface ExportOptions {
  /** CSV (UTF-8, a header row) or NDJSON. */
  format: 'csv' | 'ndjson';
  /** A byte order mark before the CSV, for Excel. */
  bom?: boolean;
}

/** One report: JSON pages, a streamed export, or every row parsed from the stream. */
export class Report<Row, Query extends object> extends APIResource {
  constructor(
    transport: Transport,
    private readonly path: string,
  ) {
    super(transport);
  }

  /** The rows as JSON pages (limit up to 1000); await for one page, or iterate for all. */
  list(query: Query = {} as Query, options?: RequestOptions): PagePromise<Row> {
    return this.paginate(this.path, query, options);
  }

  /** The whole report as a byte stream of CSV or NDJSON, to save or pipe on; constant memory on both sides. */
  async export(
    query: Omit<Query, 'limit'> & ExportOptions,
    options?: RequestOptions,
  ): Promise<ReadableStream<Uint8Array>> {
    return (
      await this.transport.request<ReadableStream<Uint8Array>>(
        { method: 'GET', path: this.path, query, parse: 'stream' },
        options,
      )
    ).data;
  }

  /** Every row, streamed as NDJSON and parsed a line at a time. */
  async *stream(
    query: Omit<Query, 'limit'> = {} as Omit<Query, 'limit'>,
    options?: RequestOptions,
  ): AsyncGenerator<Row> {
    yield* ndjsonRows<Row>(await this.export({ ...query, format: 'ndjson' }, options));
  }
}

/** The reports: `client.reports.expiringCards.export({ withinDays: 60, format: 'csv' })`. */
export class Reports {
  /** Orders placed in a period (`orderedFrom`, `orderedTo`). */
  readonly orders: Report<OrderReportRow, OrderReportQuery>;
  /** Approved orders with their cards. */
  readonly approvedOrders: Report<ApprovedOrderReportRow, ApprovedOrderReportQuery>;
  /** Cards expiring within `withinDays`, with their renewal state. */
  readonly expiringCards: Report<ExpiringCardReportRow, ExpiringCardReportQuery>;
  /** Your end users. */
  readonly endUsers: Report<EndUserReportRow, EndUserReportQuery>;

  constructor(transport: Transport) {
    this.orders = new Report(transport, '/v1/reports/orders');
    this.approvedOrders = new Report(transport, '/v1/reports/approved-orders');
    this.expiringCards = new Report(transport, '/v1/reports/expiring-cards');
    this.endUsers = new Report(transport, '/v1/reports/end-users');
  }
}
