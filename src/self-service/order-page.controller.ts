import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Get,
  Header,
  Middlewares,
  Path,
  Post,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from '@tsoa/runtime';
import { END_USER } from '../auth/authentication';
import { endUserOf } from '../auth/principal';
import type { CardProductCode, IdempotencyKey } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { ProblemDetails } from '../common/problem';
import type { FirstOrderRequest, MyOrder, OrderPageInfo } from './self-service.dto';
import type { SelfServiceService } from './self-service.service';

/**
 * A partner's order page, where an end user places a first order on the partner's card product. Reading
 * the page is public; ordering needs the end user's eID token.
 */
@Route('v1/order-pages')
@Tags('Order page')
@Response<ProblemDetails>(
  400,
  'Invalid input: the fields at fault are listed in `errors`',
  undefined,
  'application/problem+json',
)
@Response<ProblemDetails>(404, 'No card product with this code', undefined, 'application/problem+json')
@Response<ProblemDetails>(429, 'Too many requests; wait as Retry-After says', undefined, 'application/problem+json')
@Response<ProblemDetails>(500, 'Our fault; quote the request id', undefined, 'application/problem+json')
export class OrderPageController extends Controller {
  constructor(private readonly selfService: SelfServiceService) {
    super();
  }

  /**
   * Public facts about the card product: partner, product, whether a card reader may be added.
   * @summary Read an order page
   * @param code The card product's code in the order page's address.
   */
  @Get('{code}')
  @SuccessResponse(200, 'The order page')
  public async getOrderPage(@Path() code: CardProductCode): Promise<OrderPageInfo> {
    return this.selfService.orderPage(code);
  }

  /**
   * Places a first order (`new`) as the signed-in end user. Name and registered address come from the
   * population registry; you give e-mail, the company field, where the card is posted and whether you
   * want a card reader. The order waits for the partner's approval; the confirmation is e-mailed to you and
   * a copy to the partner.
   * @summary Order a first card
   * @param code The card product's code in the order page's address.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer instead of ordering twice.
   */
  @Post('{code}/orders')
  @Security(END_USER)
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The order, pending approval')
  @Response<ProblemDetails>(401, 'No valid eID token', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    403,
    'The person may not order (age, number, not in the registry)',
    undefined,
    'application/problem+json',
  )
  @Response<ProblemDetails>(
    409,
    'You already hold a card or a pending order on this product, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async placeFirstOrder(
    @Request() req: ExpressRequest,
    @Path() code: CardProductCode,
    @Body() body: FirstOrderRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<MyOrder> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const order = await this.selfService.placeFirstOrder(endUserOf(req), code, body);
    this.setStatus(201);
    this.setHeader('Location', `/v1/me/orders`);
    return order;
  }
}
