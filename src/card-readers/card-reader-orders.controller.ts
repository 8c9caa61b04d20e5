import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Get,
  Header,
  Middlewares,
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
import type { Cursor, IdempotencyKey, PageSize, Uuid } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { ProblemDetails } from '../common/problem';
import type { CardReaderOrder, CardReaderOrderPage, CardReaderOrderRequest } from './card-reader-order.dto';
import type { CardReaderOrdersService } from './card-reader-orders.service';

/** Card readers in bulk for your own stock, sent to your organisation's address; on the next invoice. */
@Route('v1/card-reader-orders')
@Tags('Card readers')
@Security(OAUTH2, ['card-readers:order'])
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
export class CardReaderOrdersController extends Controller {
  constructor(private readonly cardReaderOrders: CardReaderOrdersService) {
    super();
  }

  /**
   * Orders card readers, priced from the card product's price list, to your organisation's address.
   * @summary Order card readers
   * @param idempotencyKey Optional; a retry with the same key replays the first answer instead of ordering twice.
   */
  @Post()
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The order')
  @Response<ProblemDetails>(
    409,
    'No address to send to, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async orderCardReaders(
    @Request() req: ExpressRequest,
    @Body() body: CardReaderOrderRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<CardReaderOrder> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const order = await this.cardReaderOrders.place(principalOf(req).partnerId, body, actorOf(req));
    this.setStatus(201);
    this.setHeader('Location', `/v1/card-reader-orders/${order.id}`);
    return order;
  }

  /**
   * Your card-reader orders, newest first, with their status and the invoice they are on.
   * @summary List card-reader orders
   * @param limit Page size, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get()
  public async listCardReaderOrders(
    @Request() req: ExpressRequest,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
  ): Promise<CardReaderOrderPage> {
    return this.cardReaderOrders.list(principalOf(req).partnerId, { limit, cursor });
  }

  /**
   * One card-reader order with its status, tracking number and the invoice it is on.
   * @summary Read a card-reader order
   * @param orderId The order's id.
   */
  @Get('{orderId}')
  @Response<ProblemDetails>(404, 'No such order among yours', undefined, 'application/problem+json')
  public async getCardReaderOrder(@Request() req: ExpressRequest, @Path() orderId: Uuid): Promise<CardReaderOrder> {
    return this.cardReaderOrders.get(principalOf(req).partnerId, orderId);
  }
}
