import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { principalOf } from '../auth/principal';
import type { CalendarDate, Cursor, DaysAhead, ReportPageSize } from '../common/api-types';
import type { ProblemDetails } from '../common/problem';
import { answerReport, type ReportFormat, type ReportOptions } from '../common/report-export';
import type { ReportQuery } from '../common/report-query';
import type { ApprovedOrderReportPage, EndUserReportPage, ExpiringCardReportPage, OrderReportPage } from './report.dto';
import type { ReportsService } from './reports.service';

/** What answering a report needs besides the query: the source it streams from. */
type ReportSource = Parameters<typeof answerReport>[0];

/**
 * Reports on your card products. Each answers a JSON page (`limit`, `cursor`), or the whole report streamed as
 * CSV or NDJSON: send `Accept: text/csv` or `Accept: application/x-ndjson`, or `format=csv|ndjson`. CSV is UTF-8
 * with a header row; `bom=true` adds a byte-order mark so that Excel shows æ, ø and å. Exports never page and
 * never fail on size: they stream in constant memory.
 */
@Route('v1/reports')
@Tags('Reports')
@Security(OAUTH2, ['reports:read'])
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
export class ReportsController extends Controller {
  constructor(
    private readonly reports: ReportsService,
    /** Where report exports stream from (the database), handed to answerReport. */
    private readonly exportSource: ReportSource,
  ) {
    super();
  }

  private answer<T>(req: ExpressRequest, query: ReportQuery, name: string, options: ReportOptions): Promise<T> {
    return answerReport<T>(this.exportSource, req, query, name, options);
  }

  /**
   * Pending and approved orders by order date, newest first; rejected orders are never in it.
   * @summary Orders by order date
   * @param orderedFrom First order date (YYYY-MM-DD, Europe/Oslo).
   * @param orderedTo Last order date (YYYY-MM-DD, Europe/Oslo).
   * @param format json (a page), csv or ndjson (the whole report); the Accept header otherwise.
   * @param bom CSV only: start with a UTF-8 byte-order mark, for Excel.
   * @param limit JSON page size.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get('orders')
  @SuccessResponse(200, 'A page, or the CSV or NDJSON export')
  public async orderReport(
    @Request() req: ExpressRequest,
    @Query() orderedFrom?: CalendarDate,
    @Query() orderedTo?: CalendarDate,
    @Query() format?: ReportFormat,
    @Query() bom?: boolean,
    @Query() limit?: ReportPageSize,
    @Query() cursor?: Cursor,
  ): Promise<OrderReportPage> {
    const query = this.reports.ordersByDate(principalOf(req).partnerId, { orderedFrom, orderedTo });
    return this.answer(req, query, 'orders', { format, bom, limit, cursor });
  }

  /**
   * Every card issued on your card products, newest first: the approved orders' cards, and the cards issued
   * before end users ordered themselves (`source: before_self_service`, without order fields).
   * @summary Approved orders
   * @param format json (a page), csv or ndjson (the whole report); the Accept header otherwise.
   * @param bom CSV only: start with a UTF-8 byte-order mark, for Excel.
   * @param limit JSON page size.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get('approved-orders')
  @SuccessResponse(200, 'A page, or the CSV or NDJSON export')
  public async approvedOrderReport(
    @Request() req: ExpressRequest,
    @Query() format?: ReportFormat,
    @Query() bom?: boolean,
    @Query() limit?: ReportPageSize,
    @Query() cursor?: Cursor,
  ): Promise<ApprovedOrderReportPage> {
    return this.answer(req, this.reports.approvedOrders(principalOf(req).partnerId), 'approved-orders', {
      format,
      bom,
      limit,
      cursor,
    });
  }

  /**
   * Shipped and active cards that expire within `withinDays`, soonest first, each saying whether a renewal is
   * already ordered, in which status, and how far its new card has come (`renewalCardStatus`). The end user is
   * told two months before, when the card is active and not yet renewed (the renewal rule); you need not follow up.
   * @summary Expiring cards
   * @param withinDays Days from today (Europe/Oslo), 1 to 730; 60 when absent.
   * @param format json (a page), csv or ndjson (the whole report); the Accept header otherwise.
   * @param bom CSV only: start with a UTF-8 byte-order mark, for Excel.
   * @param limit JSON page size.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get('expiring-cards')
  @SuccessResponse(200, 'A page, or the CSV or NDJSON export')
  public async expiringCardReport(
    @Request() req: ExpressRequest,
    @Query() withinDays?: DaysAhead,
    @Query() format?: ReportFormat,
    @Query() bom?: boolean,
    @Query() limit?: ReportPageSize,
    @Query() cursor?: Cursor,
  ): Promise<ExpiringCardReportPage> {
    return this.answer(
      req,
      this.reports.expiringCards(principalOf(req).partnerId, withinDays ?? 60),
      'expiring-cards',
      {
        format,
        bom,
        limit,
        cursor,
      },
    );
  }

  /**
   * Your end users, newest first, each with the number and serial numbers of their active cards and their
   * latest order on your card products.
   * @summary End users
   * @param format json (a page), csv or ndjson (the whole report); the Accept header otherwise.
   * @param bom CSV only: start with a UTF-8 byte-order mark, for Excel.
   * @param limit JSON page size.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get('end-users')
  @SuccessResponse(200, 'A page, or the CSV or NDJSON export')
  public async endUserReport(
    @Request() req: ExpressRequest,
    @Query() format?: ReportFormat,
    @Query() bom?: boolean,
    @Query() limit?: ReportPageSize,
    @Query() cursor?: Cursor,
  ): Promise<EndUserReportPage> {
    return this.answer(req, this.reports.endUsers(principalOf(req).partnerId), 'end-users', {
      format,
      bom,
      limit,
      cursor,
    });
  }
}
