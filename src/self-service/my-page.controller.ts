import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Get,
  Header,
  Middlewares,
  Patch,
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
import type { IdempotencyKey } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { ProblemDetails } from '../common/problem';
import type {
  FollowUpOrderRequest,
  MyCardList,
  MyOrder,
  MyOrderList,
  MyProfile,
  MyProfileUpdate,
} from './self-service.dto';
import type { SelfServiceService } from './self-service.service';

/** My Page (Min Side): the signed-in end user's own data, cards and orders. */
@Route('v1/me')
@Tags('My Page')
@Security(END_USER)
@Response<ProblemDetails>(
  400,
  'Invalid input: the fields at fault are listed in `errors`',
  undefined,
  'application/problem+json',
)
@Response<ProblemDetails>(401, 'No valid eID token', undefined, 'application/problem+json')
@Response<ProblemDetails>(429, 'Too many requests; wait as Retry-After says', undefined, 'application/problem+json')
@Response<ProblemDetails>(500, 'Our fault; quote the request id', undefined, 'application/problem+json')
export class MyPageController extends Controller {
  constructor(private readonly selfService: SelfServiceService) {
    super();
  }

  /**
   * Your name, birth date and registered address as the population registry has them, and your contact data.
   * Before your first order too: then from the registry alone, with no e-mail or phone yet (given with the order).
   * @summary Read my personal data
   */
  @Get()
  @Response<ProblemDetails>(
    404,
    'The population registry does not know your national identity number',
    undefined,
    'application/problem+json',
  )
  public async getMyProfile(@Request() req: ExpressRequest): Promise<MyProfile> {
    return this.selfService.profile(endUserOf(req));
  }

  /**
   * Changes your e-mail address or phone number. Name and registered address come from the population registry.
   * @summary Update my contact data
   */
  @Patch()
  @Response<ProblemDetails>(404, 'You have no cards or orders yet', undefined, 'application/problem+json')
  public async updateMyProfile(@Request() req: ExpressRequest, @Body() body: MyProfileUpdate): Promise<MyProfile> {
    return this.selfService.updateProfile(endUserOf(req), body);
  }

  /**
   * Your cards, newest first, each saying whether a renewal or an additional card can be ordered now and, if
   * not, why (`reasonCode`, `reason`) and from when.
   * @summary List my cards
   */
  @Get('cards')
  public async listMyCards(@Request() req: ExpressRequest): Promise<MyCardList> {
    return this.selfService.cards(endUserOf(req));
  }

  /**
   * Your orders on every partner's card products, newest first, with their status and, for a rejected
   * order, the partner's reason.
   * @summary List my orders
   */
  @Get('orders')
  public async listMyOrders(@Request() req: ExpressRequest): Promise<MyOrderList> {
    return this.selfService.orders(endUserOf(req));
  }

  /**
   * Orders a renewal (from two months before the card expires, while no renewal of it is pending or
   * approved) or an additional card, never with a card reader. The partner approves it first.
   * @summary Order a renewal or an additional card
   * @param idempotencyKey Optional; a retry with the same key replays the first answer instead of ordering twice.
   */
  @Post('orders')
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The order, pending approval')
  @Response<ProblemDetails>(
    403,
    'The person may not order (age, number, not in the registry)',
    undefined,
    'application/problem+json',
  )
  @Response<ProblemDetails>(404, 'No such card of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'Not possible now (`detail` says why), or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async placeFollowUpOrder(
    @Request() req: ExpressRequest,
    @Body() body: FollowUpOrderRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<MyOrder> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const order = await this.selfService.placeFollowUpOrder(endUserOf(req), body);
    this.setStatus(201);
    return order;
  }
}
