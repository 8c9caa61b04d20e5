import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Path, Put, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { actorOf, principalOf } from '../auth/principal';
import type { Uuid } from '../common/api-types';
import type { ProblemDetails } from '../common/problem';
import type { ApprovalPoliciesService } from './approval-policies.service';
import type { ApprovalPolicy, ApprovalPolicyList, ApprovalPolicyUpdate } from './approval-policy.dto';

/** How the orders on each of your card products are approved: by you, or at once for your active staff. */
@Route('v1/approval-policies')
@Tags('Approval policies')
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
export class ApprovalPoliciesController extends Controller {
  constructor(private readonly approvalPolicies: ApprovalPoliciesService) {
    super();
  }

  /**
   * The approval policy of each of your card products (the defaults where you set none: `manual`, reminders after 3
   * working days).
   * @summary List your approval policies
   */
  @Get()
  @Security(OAUTH2, ['orders:read'])
  public async listApprovalPolicies(@Request() req: ExpressRequest): Promise<ApprovalPolicyList> {
    return this.approvalPolicies.list(principalOf(req).partnerId);
  }

  /**
   * @summary Read a card product's approval policy
   */
  @Get('{cardProductId}')
  @Security(OAUTH2, ['orders:read'])
  @Response<ProblemDetails>(404, 'No such card product of yours', undefined, 'application/problem+json')
  public async getApprovalPolicy(@Request() req: ExpressRequest, @Path() cardProductId: Uuid): Promise<ApprovalPolicy> {
    return this.approvalPolicies.get(principalOf(req).partnerId, cardProductId);
  }

  /**
   * Sets the whole policy of a card product (what you leave out takes its default). Under `roster`, an order from a
   * person active in your roster is approved as it is placed, by the policy (its history shows `by:
   * "approval_policy"`; `order.approved` and the notices go out as for your own approval); other orders wait for
   * you. Audited. Applies to orders placed from now on, and to the daily automatic rejections and reminders.
   * @summary Set a card product's approval policy
   */
  @Put('{cardProductId}')
  @Security(OAUTH2, ['orders:write'])
  @Response<ProblemDetails>(404, 'No such card product of yours', undefined, 'application/problem+json')
  public async setApprovalPolicy(
    @Request() req: ExpressRequest,
    @Path() cardProductId: Uuid,
    @Body() body: ApprovalPolicyUpdate,
  ): Promise<ApprovalPolicy> {
    return this.approvalPolicies.set(principalOf(req).partnerId, cardProductId, body, actorOf(req));
  }
}
