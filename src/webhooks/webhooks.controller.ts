import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Delete,
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
import { principalOf } from '../auth/principal';
import type { Cursor, IdempotencyKey, PageSize, Uuid } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { ProblemDetails } from '../common/problem';
import type {
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointRequest,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
  WebhookTestEvent,
} from './webhook.dto';
import type { WebhooksService } from './webhooks.service';

/**
 * Webhook endpoints: we POST events to your URL as they happen, signed as the Standard Webhooks spec says
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`), and retry a failed delivery with backoff for about
 * three days. An endpoint that answers 410 Gone is disabled. Every attempt is in the delivery log.
 */
@Route('v1/webhook-endpoints')
@Tags('Webhooks')
@Security(OAUTH2, ['webhooks:manage'])
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
export class WebhooksController extends Controller {
  constructor(private readonly webhooks: WebhooksService) {
    super();
  }

  /**
   * Registers an endpoint. The answer carries the signing secret: keep it, it is not shown again.
   * @summary Register a webhook endpoint
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post()
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The endpoint with its secret')
  @Response<ProblemDetails>(
    409,
    'A request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async createWebhookEndpoint(
    @Request() req: ExpressRequest,
    @Body() body: WebhookEndpointRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<WebhookEndpointWithSecret> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const endpoint = await this.webhooks.create(principalOf(req).partnerId, body);
    this.setStatus(201);
    this.setHeader('Location', `/v1/webhook-endpoints/${endpoint.id}`);
    return endpoint;
  }

  /**
   * Your endpoints, newest first, without their secrets.
   * @summary List webhook endpoints
   */
  @Get()
  public async listWebhookEndpoints(@Request() req: ExpressRequest): Promise<WebhookEndpointList> {
    return this.webhooks.list(principalOf(req).partnerId);
  }

  /**
   * One endpoint, without its secret.
   * @summary Read a webhook endpoint
   */
  @Get('{endpointId}')
  @Response<ProblemDetails>(404, 'No such endpoint of yours', undefined, 'application/problem+json')
  public async getWebhookEndpoint(@Request() req: ExpressRequest, @Path() endpointId: Uuid): Promise<WebhookEndpoint> {
    return this.webhooks.get(principalOf(req).partnerId, endpointId);
  }

  /**
   * Changes the URL, the event types or the description, or enables and disables the endpoint.
   * @summary Change a webhook endpoint
   */
  @Patch('{endpointId}')
  @Response<ProblemDetails>(404, 'No such endpoint of yours', undefined, 'application/problem+json')
  public async updateWebhookEndpoint(
    @Request() req: ExpressRequest,
    @Path() endpointId: Uuid,
    @Body() body: WebhookEndpointUpdate,
  ): Promise<WebhookEndpoint> {
    return this.webhooks.update(principalOf(req).partnerId, endpointId, body);
  }

  /**
   * Deletes the endpoint and its delivery log; queued deliveries to it are dropped.
   * @summary Delete a webhook endpoint
   */
  @Delete('{endpointId}')
  @SuccessResponse(204, 'Deleted')
  @Response<ProblemDetails>(404, 'No such endpoint of yours', undefined, 'application/problem+json')
  public async deleteWebhookEndpoint(@Request() req: ExpressRequest, @Path() endpointId: Uuid): Promise<void> {
    await this.webhooks.remove(principalOf(req).partnerId, endpointId);
    this.setStatus(204);
  }

  /**
   * Makes a new signing secret. For 24 hours every delivery is signed with both the new and the previous
   * secret, so your receiver can switch without missing an event.
   * @summary Rotate the signing secret
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('{endpointId}/secret-rotation')
  @Middlewares(idempotent)
  @Response<ProblemDetails>(404, 'No such endpoint of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'A request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async rotateWebhookSecret(
    @Request() req: ExpressRequest,
    @Path() endpointId: Uuid,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<WebhookEndpointWithSecret> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.webhooks.rotateSecret(principalOf(req).partnerId, endpointId);
  }

  /**
   * Queues a `webhook.test` event to this endpoint only; follow it in the delivery log.
   * @summary Send a test event
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('{endpointId}/test-events')
  @Middlewares(idempotent)
  @SuccessResponse(202, 'Queued for delivery')
  @Response<ProblemDetails>(404, 'No such endpoint of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'A request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async sendWebhookTestEvent(
    @Request() req: ExpressRequest,
    @Path() endpointId: Uuid,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<WebhookTestEvent> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const queued = await this.webhooks.sendTestEvent(principalOf(req).partnerId, endpointId);
    this.setStatus(202);
    return queued;
  }

  /**
   * The deliveries to this endpoint, newest first, each with every attempt: when, the status your endpoint
   * answered or why none came, and when the next attempt is due.
   * @summary Read the delivery log
   * @param limit Page size, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get('{endpointId}/deliveries')
  @Response<ProblemDetails>(404, 'No such endpoint of yours', undefined, 'application/problem+json')
  public async listWebhookDeliveries(
    @Request() req: ExpressRequest,
    @Path() endpointId: Uuid,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
  ): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(principalOf(req).partnerId, endpointId, { limit, cursor });
  }
}
