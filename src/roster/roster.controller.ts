import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Delete,
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
import type { RosterService } from './roster.service';
import type {
  CardRevocationByPartner,
  CreatedScimToken,
  RevokedCard,
  RosterMember,
  RosterMemberPage,
  ScimTokenList,
  ScimTokenRequest,
} from './roster.dto';

/**
 * Your staff roster as your HR directory provisions it over SCIM 2.0 (`/scim/v2/Users`, see the API description),
 * the directory's SCIM tokens, and the revocation of a leaver's card.
 */
@Route('v1')
@Tags('Roster')
@Security(OAUTH2, ['roster:manage'])
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
export class RosterController extends Controller {
  constructor(private readonly roster: RosterService) {
    super();
  }

  /**
   * The people your directory provisioned, newest first. The national identity number is never shown: `matchable`
   * says whether the directory sent it (orders are matched on it).
   * @summary List your roster
   * @param active Only active (true) or only deactivated (false) members.
   */
  @Get('roster/members')
  public async listRosterMembers(
    @Request() req: ExpressRequest,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
    @Query() active?: boolean,
  ): Promise<RosterMemberPage> {
    return this.roster.memberPage(principalOf(req).partnerId, { limit, cursor, active });
  }

  /**
   * One member of your roster; another partner's member is 404.
   * @summary Read a roster member
   */
  @Get('roster/members/{memberId}')
  @Response<ProblemDetails>(404, 'No such member of your roster', undefined, 'application/problem+json')
  public async getRosterMember(@Request() req: ExpressRequest, @Path() memberId: Uuid): Promise<RosterMember> {
    return this.roster.rosterMember(principalOf(req).partnerId, memberId);
  }

  /**
   * A long-lived bearer token for your HR directory's SCIM provisioning (Entra ID's "Secret Token", Okta's "API
   * token"): it works only on `/scim/v2`, for your roster, until it expires (default 365 days) or you revoke it. Shown
   * once; only its hash is kept. Make a new one and switch before the old one expires.
   * @summary Make a SCIM token
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('roster/scim-tokens')
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The token, shown this once')
  @Response<ProblemDetails>(
    409,
    'A request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async createScimToken(
    @Request() req: ExpressRequest,
    @Body() body: ScimTokenRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<CreatedScimToken> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const created = await this.roster.createToken(principalOf(req).partnerId, body, actorOf(req));
    this.setStatus(201);
    return created;
  }

  /**
   * Your SCIM tokens, newest first, with when each was last used (never the token itself).
   * @summary List your SCIM tokens
   */
  @Get('roster/scim-tokens')
  public async listScimTokens(@Request() req: ExpressRequest): Promise<ScimTokenList> {
    return this.roster.tokens(principalOf(req).partnerId);
  }

  /**
   * The directory's requests with this token are refused (401) from now on.
   * @summary Revoke a SCIM token
   */
  @Delete('roster/scim-tokens/{id}')
  @SuccessResponse(204, 'Revoked')
  @Response<ProblemDetails>(404, 'No such token of yours', undefined, 'application/problem+json')
  public async revokeScimToken(@Request() req: ExpressRequest, @Path() id: Uuid): Promise<void> {
    await this.roster.revokeToken(principalOf(req).partnerId, id, actorOf(req));
    this.setStatus(204);
  }

  /**
   * Revokes one of your cards, typically one listed by `staff.deactivated` (a person who left). The card stops working;
   * `card.revoked` follows; the reason is kept in the audit trail. Another partner's card is 404.
   * @summary Revoke a card
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('cards/{cardId}/revocation')
  @Middlewares(idempotent)
  @Response<ProblemDetails>(404, 'No such card of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The card is already expired or revoked, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async revokeLeaverCard(
    @Request() req: ExpressRequest,
    @Path() cardId: Uuid,
    @Body() body: CardRevocationByPartner,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<RevokedCard> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.roster.revokeCard(principalOf(req).partnerId, cardId, body.reason, actorOf(req));
  }
}
