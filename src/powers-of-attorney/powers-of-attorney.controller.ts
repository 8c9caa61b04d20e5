import { create as contentDisposition } from 'content-disposition';
import type { Request as ExpressRequest } from 'express';
import {
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
  UploadedFile,
} from '@tsoa/runtime';
import { OAUTH2 } from '../auth/authentication';
import { actorOf, principalOf } from '../auth/principal';
import type { Cursor, IdempotencyKey, PageSize, Uuid } from '../common/api-types';
import { idempotent } from '../idempotency/idempotency';
import type { ProblemDetails } from '../common/problem';
import type { PowerOfAttorney, PowerOfAttorneyPage } from './power-of-attorney.dto';
import type { PowersOfAttorneyService } from './powers-of-attorney.service';

/**
 * Your existing signed powers of attorney (fullmakter), handed over to the issuer: PDF only, at most 10 MB each,
 * checked to be a PDF and stored with their SHA-256. Kept ten years, then deleted; only you can list and
 * download them.
 */
@Route('v1/powers-of-attorney')
@Tags('Powers of attorney')
@Security(OAUTH2, ['powers-of-attorney:manage'])
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
export class PowersOfAttorneyController extends Controller {
  constructor(private readonly powersOfAttorney: PowersOfAttorneyService) {
    super();
  }

  /**
   * Hands over one power of attorney as `multipart/form-data` with the PDF in the field `file`.
   * @summary Hand over a power of attorney
   * @param file The PDF, at most 10 MB.
   * @param idempotencyKey Optional; a retry with the same key replays the first answer.
   */
  @Post()
  @Middlewares(idempotent)
  @SuccessResponse(201, 'Stored; compare `sha256` with your copy')
  @Response<ProblemDetails>(413, 'The file is larger than 10 MB', undefined, 'application/problem+json')
  @Response<ProblemDetails>(
    409,
    'This document was handed over already, or a request with this Idempotency-Key is in flight',
    undefined,
    'application/problem+json',
  )
  public async uploadPowerOfAttorney(
    @Request() req: ExpressRequest,
    @UploadedFile('file') file: Express.Multer.File,
    @Header('Idempotency-Key') idempotencyKey?: IdempotencyKey,
  ): Promise<PowerOfAttorney> {
    void idempotencyKey; // handled by the idempotent middleware; declared here for the spec and validation
    const stored = await this.powersOfAttorney.upload(principalOf(req).partnerId, file, actorOf(req));
    this.setStatus(201);
    this.setHeader('Location', `/v1/powers-of-attorney/${stored.id}`);
    return stored;
  }

  /**
   * The powers of attorney you handed over, newest first, with their checksums and how long they are kept.
   * @summary List powers of attorney
   * @param limit Page size, 1 to 100; 25 when absent.
   * @param cursor The `nextCursor` of the previous page.
   */
  @Get()
  public async listPowersOfAttorney(
    @Request() req: ExpressRequest,
    @Query() limit?: PageSize,
    @Query() cursor?: Cursor,
  ): Promise<PowerOfAttorneyPage> {
    return this.powersOfAttorney.list(principalOf(req).partnerId, { limit, cursor });
  }

  /**
   * File name, size, SHA-256, whether it carries a digital signature, and the day it will be deleted.
   * @summary Read a power of attorney's details
   * @param documentId The power of attorney's id.
   */
  @Get('{documentId}')
  @Response<ProblemDetails>(404, 'No such document among yours', undefined, 'application/problem+json')
  public async getPowerOfAttorney(@Request() req: ExpressRequest, @Path() documentId: Uuid): Promise<PowerOfAttorney> {
    return this.powersOfAttorney.get(principalOf(req).partnerId, documentId);
  }

  /**
   * The PDF as handed over, byte for byte; the `Repr-Digest` header carries its SHA-256 (RFC 9530).
   * @summary Download a power of attorney
   * @param documentId The power of attorney's id.
   */
  @Get('{documentId}/content')
  @SuccessResponse(200, 'The PDF', 'application/pdf')
  @Response<ProblemDetails>(404, 'No such document among yours', undefined, 'application/problem+json')
  public async downloadPowerOfAttorney(@Request() req: ExpressRequest, @Path() documentId: Uuid): Promise<string> {
    const { document, body } = await this.powersOfAttorney.content(principalOf(req).partnerId, documentId);
    this.setHeader('Content-Type', 'application/pdf');
    this.setHeader('Content-Disposition', contentDisposition(document.filename));
    this.setHeader('Content-Length', String(document.sizeBytes));
    this.setHeader('Repr-Digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`);
    this.setHeader('Cache-Control', 'private, no-store');
    return body as unknown as string;
  }
}
