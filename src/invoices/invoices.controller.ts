import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Path, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { principalOf } from '../auth/principal';
import type { Cursor, PageSize, ReportPageSize, Uuid } from '../common/api-types';
import type { ProblemDetails } from '../common/problem';
import { answerReport, type ReportFormat } from '../common/report-export';
import type { InvoiceDetail, InvoiceLinePage, InvoicePage } from './invoice.dto';
import type { InvoicesService } from './invoices.service';

/** What answering a report needs besides the query: the source it streams from. */
type ReportSource = Parameters<typeof answerReport>[0];

/**
 * Your monthly invoices: made on the first of each month for the month before, a line for each card issued
 * and each card reader, priced from your card products' price lists, VAT shown. Amounts are integer øre.
 */
@Route('v1/invoices')
@Tags('Invoices')
@Security(OAUTH2, ['invoices:read'])
@Response<ProblemDetails>(
  400,
  'Invalid input: the fields at fault are listed in `errors`',
  undefined,
  'application/problem+json',
)
@Response<ProblemDetails>(401, 'No valid access token', undefined, 'application/problem+json')
@Response<ProblemDetails>(403, 'The token lacks the scope this operation needs', undefined, 'application/problem+json')
@Response<ProblemDetails>(429, 'Too many requests; wait as Retry-After says', undefined, 'application/problem+json')
@Response<ProblemDetails>(500, 'Our fault; quote the request id', undefined, 'application/problem+json')
export class InvoicesController extends Controller {
  constructor(
    private readonly invoices: InvoicesService,
    /** Where report exports stream from (the database), handed to answerReport. */
    private readonly exportSource: ReportSource,
  ) {
    super();
  }

  /**
   * Your invoices, newest first.
   * @summary List invoices
   * @param limit Page size, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get()
  public async listInvoices(
    @Request() req: ExpressRequest,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
  ): Promise<InvoicePage> {
    return this.invoices.list(principalOf(req).partnerId, { limit, cursor });
  }

  /**
   * One invoice with its lines summed by item, card product and order kind.
   * @summary Read an invoice
   * @param invoiceId The invoice's id.
   */
  @Get('{invoiceId}')
  @Response<ProblemDetails>(404, 'No such invoice among yours', undefined, 'application/problem+json')
  public async getInvoice(@Request() req: ExpressRequest, @Path() invoiceId: Uuid): Promise<InvoiceDetail> {
    return this.invoices.get(principalOf(req).partnerId, invoiceId);
  }

  /**
   * Every line of the invoice with the company field, to reconcile against your own customers: a JSON page,
   * or all lines as CSV (`Accept: text/csv` or `format=csv`, `bom=true` for Excel) or NDJSON.
   * @summary Invoice lines
   * @param invoiceId The invoice's id.
   * @param format json (a page), csv or ndjson (every line); the Accept header otherwise.
   * @param bom CSV only: start with a UTF-8 byte-order mark, for Excel.
   * @param limit JSON page size.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get('{invoiceId}/lines')
  @SuccessResponse(200, 'A page, or the CSV or NDJSON export')
  @Response<ProblemDetails>(404, 'No such invoice among yours', undefined, 'application/problem+json')
  public async listInvoiceLines(
    @Request() req: ExpressRequest,
    @Path() invoiceId: Uuid,
    @Query() format?: ReportFormat,
    @Query() bom?: boolean,
    @Query() limit?: ReportPageSize,
    @Query() cursor?: Cursor,
  ): Promise<InvoiceLinePage> {
    const query = await this.invoices.lines(principalOf(req).partnerId, invoiceId);
    return answerReport(this.exportSource, req, query, `invoice-${invoiceId}`, { format, bom, limit, cursor });
  }
}
