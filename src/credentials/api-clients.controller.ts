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
import type { IdempotencyKey, Uuid } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { ProblemDetails } from '../common/problem';
import type {
  ApiClientKeyList,
  ApiClientList,
  ApiClientRequest,
  ApiClientSecret,
  ApiClientView,
  ApiClientWithSecret,
  PublicKeySet,
} from './api-client.dto';
import type { ApiClientsService } from './api-clients.service';

/**
 * A key id as registered.
 * @minLength 1
 * @maxLength 200
 * @pattern ^[\x21-\x7E]+$
 */
type KeyId = string;

/**
 * Your API clients and their credentials, without asking the issuer: create clients, register and remove
 * public keys for `private_key_jwt` (several at once, for a rotation), make or remove a development secret,
 * and revoke a client. A secret is shown once. Every change is audited.
 */
@Route('v1/api-clients')
@Tags('API clients')
@Security(OAUTH2, ['credentials:manage'])
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
export class ApiClientsController extends Controller {
  constructor(private readonly apiClients: ApiClientsService) {
    super();
  }

  /**
   * Your API clients, newest first, with their public keys and when each was last used.
   * @summary List API clients
   * @param includeRevoked Also list revoked clients.
   */
  @Get()
  public async listApiClients(
    @Request() req: ExpressRequest,
    @Query() includeRevoked?: boolean,
  ): Promise<ApiClientList> {
    return this.apiClients.list(principalOf(req).partnerId, includeRevoked ?? false);
  }

  /**
   * Creates a client with at most the scopes of the calling token, with public keys, a secret (shown once), or
   * both. Without keys it gets a secret.
   * @summary Create an API client
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post()
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The client, with its secret if one was made')
  @Response<ProblemDetails>(
    409,
    'Too many active clients, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async createApiClient(
    @Request() req: ExpressRequest,
    @Body() body: ApiClientRequest,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<ApiClientWithSecret> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const caller = principalOf(req);
    const client = await this.apiClients.create(caller.partnerId, actorOf(req), caller.scopes, body);
    this.setStatus(201);
    this.setHeader('Location', `/v1/api-clients/${client.id}`);
    return client;
  }

  /**
   * One of your API clients, with its public keys and when it was last used; never its secret.
   * @summary Read an API client
   */
  @Get('{apiClientId}')
  @Response<ProblemDetails>(404, 'No such client of yours', undefined, 'application/problem+json')
  public async getApiClient(@Request() req: ExpressRequest, @Path() apiClientId: Uuid): Promise<ApiClientView> {
    return this.apiClients.get(principalOf(req).partnerId, apiClientId);
  }

  /**
   * The client gets no more tokens, with its secret or its keys. Tokens it holds work until they expire (15
   * minutes at most). Revoking a revoked client changes nothing.
   * @summary Revoke an API client
   */
  @Delete('{apiClientId}')
  @SuccessResponse(204, 'Revoked')
  @Response<ProblemDetails>(404, 'No such client of yours', undefined, 'application/problem+json')
  public async revokeApiClient(@Request() req: ExpressRequest, @Path() apiClientId: Uuid): Promise<void> {
    await this.apiClients.revoke(principalOf(req).partnerId, actorOf(req), apiClientId);
    this.setStatus(204);
  }

  /**
   * The client's public keys (public members only), each with when it was added and last used.
   * @summary List a client's public keys
   */
  @Get('{apiClientId}/keys')
  @Response<ProblemDetails>(404, 'No such client of yours', undefined, 'application/problem+json')
  public async listApiClientKeys(@Request() req: ExpressRequest, @Path() apiClientId: Uuid): Promise<ApiClientKeyList> {
    return this.apiClients.listKeys(principalOf(req).partnerId, apiClientId);
  }

  /**
   * Registers public keys (a JWK Set; several at once for a rotation). Each needs its own `kid`; the client
   * signs its assertions with the private key and names the `kid` in the JWT header.
   * @summary Add public keys
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('{apiClientId}/keys')
  @Middlewares(idempotent)
  @SuccessResponse(201, 'The keys added')
  @Response<ProblemDetails>(404, 'No such client of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'A kid the client has already, too many keys, a revoked client, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async addApiClientKeys(
    @Request() req: ExpressRequest,
    @Path() apiClientId: Uuid,
    @Body() body: PublicKeySet,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<ApiClientKeyList> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const added = await this.apiClients.addKeys(principalOf(req).partnerId, actorOf(req), apiClientId, body.keys);
    this.setStatus(201);
    return added;
  }

  /**
   * Assertions signed with this key are refused from now on.
   * @summary Remove a public key
   */
  @Delete('{apiClientId}/keys/{kid}')
  @SuccessResponse(204, 'Removed')
  @Response<ProblemDetails>(404, 'No such client of yours, or no such key', undefined, 'application/problem+json')
  @Response<ProblemDetails>(409, 'The client is revoked', undefined, 'application/problem+json')
  public async removeApiClientKey(
    @Request() req: ExpressRequest,
    @Path() apiClientId: Uuid,
    @Path() kid: KeyId,
  ): Promise<void> {
    await this.apiClients.removeKey(principalOf(req).partnerId, actorOf(req), apiClientId, kid);
    this.setStatus(204);
  }

  /**
   * Makes a new client secret, shown this once; the previous secret stops working now. For development:
   * production systems sign with a key.
   * @summary Make a new client secret
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post('{apiClientId}/secret')
  @Middlewares(idempotent)
  @Response<ProblemDetails>(404, 'No such client of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'The client is revoked, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async replaceApiClientSecret(
    @Request() req: ExpressRequest,
    @Path() apiClientId: Uuid,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<ApiClientSecret> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    return this.apiClients.replaceSecret(principalOf(req).partnerId, actorOf(req), apiClientId);
  }

  /**
   * The client authenticates with its keys only from now on.
   * @summary Remove the client secret
   */
  @Delete('{apiClientId}/secret')
  @SuccessResponse(204, 'Removed')
  @Response<ProblemDetails>(404, 'No such client of yours', undefined, 'application/problem+json')
  @Response<ProblemDetails>(409, 'The client is revoked', undefined, 'application/problem+json')
  public async removeApiClientSecret(@Request() req: ExpressRequest, @Path() apiClientId: Uuid): Promise<void> {
    await this.apiClients.removeSecret(principalOf(req).partnerId, actorOf(req), apiClientId);
    this.setStatus(204);
  }
}
