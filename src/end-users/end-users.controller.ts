import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Path, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { principalOf } from '../auth/principal';
import type { Cursor, PageSize, SearchText, Timestamp, Uuid } from '../common/api-types';
import type { ProblemDetails } from '../common/problem';
import { requireInstant } from '../common/sql';
import type { EndUserDetail, EndUserPage } from './end-user.dto';
import type { EndUsersService } from './end-users.service';

/** Your end users: everyone with an order or a card on one of your card products. */
@Route('v1/end-users')
@Tags('End users')
@Security(OAUTH2, ['end-users:read'])
@Response<ProblemDetails>(
  400,
  'Invalid input: the fields at fault are listed in `errors`',
  undefined,
  'application/problem+json',
)
@Response<ProblemDetails>(401, 'No valid access token', undefined, 'application/problem+json')
@Response<ProblemDetails>(403, 'The token lacks the scope end-users:read', undefined, 'application/problem+json')
@Response<ProblemDetails>(429, 'Too many requests; wait as Retry-After says', undefined, 'application/problem+json')
@Response<ProblemDetails>(500, 'Our fault; quote the request id', undefined, 'application/problem+json')
export class EndUsersController extends Controller {
  constructor(private readonly endUsers: EndUsersService) {
    super();
  }

  /**
   * Lists your end users, newest first, with how many active cards each has on your card products.
   * @summary List end users
   * @param q A name to search for, or a whole 11-digit national identity number (exact match). The number is only
   *   matched: the answer shows it masked (`141285*****`), like every national identity number you are shown.
   * @param updatedSince Delta sync: only end users whose data, or an order or card of theirs on your card products, changed at or after this instant (ISO 8601, e.g. the time of your last sync).
   * @param limit Page size, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get()
  @SuccessResponse(200, 'A page of end users')
  public async listEndUsers(
    @Request() req: ExpressRequest,
    @Query() q?: SearchText,
    @Query() updatedSince?: Timestamp,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
  ): Promise<EndUserPage> {
    return this.endUsers.list(principalOf(req).partnerId, {
      q,
      updatedSince: requireInstant('updatedSince', updatedSince),
      limit,
      cursor,
    });
  }

  /**
   * One end user with their registered address, and their cards and orders on your card products.
   * Cards and orders on other partners' card products are not shown.
   * @summary Get an end user
   * @param endUserId The end user's id.
   */
  @Get('{endUserId}')
  @SuccessResponse(200, 'The end user')
  @Response<ProblemDetails>(404, 'No such end user among yours', undefined, 'application/problem+json')
  public async getEndUser(@Request() req: ExpressRequest, @Path() endUserId: Uuid): Promise<EndUserDetail> {
    return this.endUsers.get(principalOf(req).partnerId, endUserId);
  }
}
