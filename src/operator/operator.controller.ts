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
import type { Actor } from '../audit/audit';
import { OAUTH2 } from '../auth/authentication';
import { actorOf } from '../auth/principal';
import type { IdempotencyKey, Uuid, YearMonth } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { CardReaderOrder } from '../card-readers/card-reader-order.dto';
import type { ProblemDetails } from '../common/problem';
import type {
  JobName,
  JobRun,
  OperatorCard,
  RetentionPreview,
  RevocationRequest,
  ShipmentRequest,
  StockShipmentRequest,
} from './operator.dto';
import type { OperatorService } from './operator.service';

/** Shipping a card-reader order: the card-readers feature does it; the composition root (src/ioc.ts) hands it in. */
export interface CardReaderShipping {
  ship(orderId: string, trackingNumber: string, actor: Actor): Promise<CardReaderOrder>;
}

/**
 * The issuer's own endpoints, for its production line and staff; an operator client's token (scope
 * `operator`) is needed, a partner's is refused. Every change reaches the partner's views and webhooks.
 */
@Route('v1/operator')
@Tags('Operator')
@Security(OAUTH2, ['operator'])
@Response<ProblemDetails>(
  400,
  'Invalid input: the fields at fault are listed in `errors`',
  undefined,
  'application/problem+json',
)
@Response<ProblemDetails>(401, 'No valid access token', undefined, 'application/problem+json')
@Response<ProblemDetails>(403, 'Not an operator token', undefined, 'application/problem+json')
@Response<ProblemDetails>(429, 'Too many requests; wait as Retry-After says', undefined, 'application/problem+json')
@Response<ProblemDetails>(500, 'Our fault; quote the request id', undefined, 'application/problem+json')
export class OperatorController extends Controller {
  constructor(
    private readonly operator: OperatorService,
    private readonly cardReaders: CardReaderShipping,
  ) {
    super();
  }

  /**
   * The production line reports a card made and posted, with the post's tracking number. The partner's
   * webhooks get `card.shipped`.
   * @summary Report a card shipped
   * @param cardId The card's id.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('cards/{cardId}/shipment')
  @Middlewares(idempotent)
  @SuccessResponse(200, 'The card, now shipped')
  @Response<ProblemDetails>(404, 'No such card', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The card is not in production, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async shipCard(
    @Request() req: ExpressRequest,
    @Path() cardId: Uuid,
    @Body() body: ShipmentRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<OperatorCard> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.operator.changeCard(cardId, { action: 'shipped', trackingNumber: body.trackingNumber }, actorOf(req));
  }

  /**
   * The holder activated the card. The partner's webhooks get `card.activated`.
   * @summary Report a card activated
   * @param cardId The card's id.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('cards/{cardId}/activation')
  @Middlewares(idempotent)
  @SuccessResponse(200, 'The card, now active')
  @Response<ProblemDetails>(404, 'No such card', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The card is not shipped, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async activateCard(
    @Request() req: ExpressRequest,
    @Path() cardId: Uuid,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<OperatorCard> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.operator.changeCard(cardId, { action: 'activated' }, actorOf(req));
  }

  /**
   * Revokes a card (lost, stolen, misused), with the reason for the audit trail. The partner's webhooks get `card.revoked`.
   * @summary Revoke a card
   * @param cardId The card's id.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('cards/{cardId}/revocation')
  @Middlewares(idempotent)
  @SuccessResponse(200, 'The card, now revoked')
  @Response<ProblemDetails>(404, 'No such card', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The card is already expired or revoked, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async revokeCard(
    @Request() req: ExpressRequest,
    @Path() cardId: Uuid,
    @Body() body: RevocationRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<OperatorCard> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.operator.changeCard(cardId, { action: 'revoked', reason: body.reason }, actorOf(req));
  }

  /**
   * Runs a scheduled job now instead of waiting for its schedule (Oslo time: expire-cards daily 00:05,
   * expiry-notices daily 06:00, invoices on the 1st at 03:00, retention daily 03:30, approval-policies daily 07:00). Safe to repeat: a card is
   * expired once and noticed once, a partner gets one invoice a month, a deleted end user stays deleted.
   * @summary Run a scheduled job now
   * @param job expire-cards, expiry-notices, invoices, retention, approval-policies (automatic rejections and the
   *   reminder digests) or production-line (development only).
   * @param month invoices only: the month to invoice (YYYY-MM); the month before today's when absent.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('jobs/{job}/runs')
  @Middlewares(idempotent)
  @SuccessResponse(200, 'What the run did')
  @Response<ProblemDetails>(404, 'The production line simulation is off here', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'A request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async runJob(
    @Path() job: JobName,
    @Query() month?: YearMonth,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<JobRun> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.operator.runJob(job, month);
  }

  /**
   * What the next retention run would delete: end users with no active card and no open order whose last
   * activity is older than the retention period (`RETENTION_PERIOD_DAYS`), and powers of attorney past
   * their ten years. Deletes nothing.
   * @summary Preview the retention job
   */
  @Get('retention/preview')
  public async previewRetention(): Promise<RetentionPreview> {
    return this.operator.previewRetention();
  }

  /**
   * A partner's card-reader stock order is on its way.
   * @summary Report card readers shipped
   * @param orderId The card-reader order's id.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('card-reader-orders/{orderId}/shipment')
  @Middlewares(idempotent)
  @Response<ProblemDetails>(404, 'No such card-reader order', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'Shipped already, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async shipCardReaders(
    @Request() req: ExpressRequest,
    @Path() orderId: Uuid,
    @Body() body: StockShipmentRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<CardReaderOrder> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.cardReaders.ship(orderId, body.trackingNumber, actorOf(req));
  }
}
