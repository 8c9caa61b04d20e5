import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Patch, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { actorOf, principalOf } from '../auth/principal';
import type { ProblemDetails } from '../common/problem';
import type { PartnerProfile, PartnerProfileUpdate } from './partner.dto';
import type { PartnerService } from './partner.service';

/** Your organisation's settings. */
@Route('v1/partner')
@Tags('Partner')
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
export class PartnerController extends Controller {
  constructor(private readonly partner: PartnerService) {
    super();
  }

  /**
   * Your organisation's name, organisation number and notification mailbox.
   * @summary Read your organisation
   */
  @Get()
  @Security(OAUTH2)
  public async getPartner(@Request() req: ExpressRequest): Promise<PartnerProfile> {
    return this.partner.profile(principalOf(req).partnerId);
  }

  /**
   * Sets the notification mailbox that receives a copy of every order confirmation on your card products,
   * and your organisation's address, where card readers for your stock are sent.
   * @summary Change your settings
   */
  @Patch()
  @Security(OAUTH2, ['partner:write'])
  public async updatePartner(
    @Request() req: ExpressRequest,
    @Body() body: PartnerProfileUpdate,
  ): Promise<PartnerProfile> {
    return this.partner.update(principalOf(req).partnerId, body, actorOf(req));
  }
}
