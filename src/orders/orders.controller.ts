import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Example,
  Get,
  Header,
  Middlewares,
  Patch,
  Path,
  Post,
  Query,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { actorOf, principalOf } from '../auth/principal';
import type {
  CalendarDate,
  Cursor,
  IdempotencyKey,
  IfMatch,
  PageSize,
  SearchText,
  Timestamp,
  Uuid,
} from '../common/api-types';
import { etagOf, expectedVersion } from '../common/etag';
import { idempotent } from '../idempotency/idempotency';
import { requireInstant } from '../common/sql';
import type { ProblemDetails } from '../common/problem';
import type { CompanyCorrection, OrderDetail, OrderPage, OrderRejectionRequest } from './order.dto';
import { exampleOrderDetail, exampleOrderPage } from './order.examples';
import type { OrderKind } from '../glossary/order-terms';
import type { OrdersService } from './orders.service';

/**
 * The orders your end users place on your card products. Every order waits for your decision: correct the
 * company field if needed, then approve or reject it.
 */
@Route('v1/orders')
@Tags('Orders')
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
export class OrdersController extends Controller {
  constructor(private readonly orders: OrdersService) {
    super();
  }

  /**
   * Lists the orders on your card products, newest first. Pending and approved orders are listed; rejected
   * orders are not. An approved order stays in this list for ever, whatever became of its card.
   * @summary List orders
   * @param status pending: waiting for your decision; approved: decided and sent to production. Both when absent.
   * @param kind new (first order), additional (additional card) or renewal.
   * @param cardProductId Only orders on this card product.
   * @param orderedFrom First order date to include (YYYY-MM-DD, Europe/Oslo).
   * @param orderedTo Last order date to include (YYYY-MM-DD, Europe/Oslo).
   * @param q Text to find in the end user's name, the company field or the order number.
   * @param updatedSince Delta sync: only orders changed at or after this instant (ISO 8601), their card's changes included; rejected orders are then listed too, so that your copy learns of them.
   * @param limit Page size, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get()
  @Security(OAUTH2, ['orders:read'])
  @SuccessResponse(200, 'A page of orders')
  @Example<OrderPage>(exampleOrderPage)
  public async listOrders(
    @Request() req: ExpressRequest,
    @Query() status?: 'pending' | 'approved',
    @Query() kind?: OrderKind,
    @Query() cardProductId?: Uuid,
    @Query() orderedFrom?: CalendarDate,
    @Query() orderedTo?: CalendarDate,
    @Query() q?: SearchText,
    @Query() updatedSince?: Timestamp,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
  ): Promise<OrderPage> {
    const { partnerId } = principalOf(req);
    const since = requireInstant('updatedSince', updatedSince);
    return this.orders.list(partnerId, {
      status,
      kind,
      cardProductId,
      orderedFrom,
      orderedTo,
      q,
      updatedSince: since,
      limit,
      cursor,
    });
  }

  /**
   * One order in full: the end user, the delivery address they chose (and, apart from it, their registered
   * address), the company field, card reader, status, the card it produced, and its history. The `ETag` header
   * carries the order's version for `If-Match`.
   * @summary Get an order
   * @param orderId The order's id.
   */
  @Get('{orderId}')
  @Security(OAUTH2, ['orders:read'])
  @SuccessResponse(200, 'The order')
  @Example<OrderDetail>(exampleOrderDetail)
  @Response<ProblemDetails>(404, 'No such order among yours', undefined, 'application/problem+json')
  public async getOrder(@Request() req: ExpressRequest, @Path() orderId: Uuid): Promise<OrderDetail> {
    return this.withEtag(await this.orders.get(principalOf(req).partnerId, orderId));
  }

  /**
   * Corrects the company field (Bedrift) of a pending order before you approve it. Any Unicode text, æ, ø and å
   * included, is stored and read back exactly as sent. A decided order cannot be changed: 409.
   * @summary Correct the company field
   * @param orderId The order's id.
   * @param ifMatch Optional ETag from your last read; a changed order then answers 412.
   */
  @Patch('{orderId}')
  @Security(OAUTH2, ['orders:write'])
  @SuccessResponse(200, 'The order, corrected')
  @Example<OrderDetail>(exampleOrderDetail)
  @Response<ProblemDetails>(404, 'No such order among yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(409, 'The order is not pending any more', undefined, 'application/problem+json')
  @Response<ProblemDetails>(412, 'The order changed since your If-Match version', undefined, 'application/problem+json')
  public async correctCompany(
    @Request() req: ExpressRequest,
    @Path() orderId: Uuid,
    @Body() body: CompanyCorrection,
    @Header('If-Match') ifMatch?: IfMatch,
  ): Promise<OrderDetail> {
    const principal = principalOf(req);
    const order = await this.orders.correctCompany(
      principal.partnerId,
      orderId,
      body,
      actorOf(req),
      expectedVersion(ifMatch),
    );
    return this.withEtag(order);
  }

  /**
   * Approves a pending order: the card goes to production and is posted to the delivery address the end user
   * chose. Of two decisions racing on one order exactly one wins; the other gets 409 (or 412 with If-Match).
   * @summary Approve an order
   * @param orderId The order's id.
   * @param ifMatch Optional ETag from your last read; a changed order then answers 412.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('{orderId}/approve')
  @Security(OAUTH2, ['orders:write'])
  @Middlewares(idempotent)
  @SuccessResponse(200, 'Approved; the card is in production')
  @Example<OrderDetail>(exampleOrderDetail)
  @Response<ProblemDetails>(404, 'No such order among yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The order is not pending any more, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  @Response<ProblemDetails>(412, 'The order changed since your If-Match version', undefined, 'application/problem+json')
  public async approveOrder(
    @Request() req: ExpressRequest,
    @Path() orderId: Uuid,
    @Header('If-Match') ifMatch?: IfMatch,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<OrderDetail> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const order = await this.orders.approve(
      principalOf(req).partnerId,
      orderId,
      actorOf(req),
      expectedVersion(ifMatch),
    );
    return this.withEtag(order);
  }

  /**
   * Rejects a pending order with a reason code and a message; the issuer sends the end user a notice with your
   * message. A rejected order leaves your order lists but is kept for audit and can still be read by id.
   * @summary Reject an order
   * @param orderId The order's id.
   * @param ifMatch Optional ETag from your last read; a changed order then answers 412.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('{orderId}/reject')
  @Security(OAUTH2, ['orders:write'])
  @Middlewares(idempotent)
  @SuccessResponse(200, 'Rejected')
  @Example<OrderDetail>(exampleOrderDetail)
  @Response<ProblemDetails>(404, 'No such order among yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The order is not pending any more, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  @Response<ProblemDetails>(412, 'The order changed since your If-Match version', undefined, 'application/problem+json')
  public async rejectOrder(
    @Request() req: ExpressRequest,
    @Path() orderId: Uuid,
    @Body() body: OrderRejectionRequest,
    @Header('If-Match') ifMatch?: IfMatch,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<OrderDetail> {
    void idempotencyKey;
    const order = await this.orders.reject(
      principalOf(req).partnerId,
      orderId,
      body,
      actorOf(req),
      expectedVersion(ifMatch),
    );
    return this.withEtag(order);
  }

  private withEtag(order: OrderDetail): OrderDetail {
    this.setHeader('ETag', etagOf(order.version));
    return order;
  }
}
