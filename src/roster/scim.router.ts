import type { NextFunction, Request, Response, Router } from 'express';
import type { Pool } from 'pg';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { expressAuthentication, OAUTH2 } from '../auth/authentication';
import { Problem } from '../common/problem';
import { apiRateLimit, IdentifyCaller } from '../common/rate-limit';
import { hasValidCheckDigits } from '../validation/national-id';
import { memberEtag, toScimUser, ScimUserOut } from './roster-member.mapper';
import { MemberInput, RosterCaller, RosterService, SCIM_TOKEN_PREFIX } from './roster.service';

/**
 * The SCIM 2.0 service provider (RFC 7643/7644) at /scim/v2, on scimmy and scimmy-routers: Users (create, replace,
 * PATCH, delete, `active`), filters, ListResponse paging, ServiceProviderConfig, ResourceTypes, Schemas, SCIM error
 * bodies. Each partner sees its own roster only: the bearer token names the partner (an access token with
 * `roster:manage`, or a provisioning token `pwscim_…` from POST /v1/roster/scim-tokens).
 *
 * scimmy keeps its resource declarations in module state; the handlers below are declared once per process and
 * find the app's RosterService and the caller in the per-request context, so two apps in one process stay apart.
 */

/** The extension for what Partnerweb needs beyond the core User: the write-only national identity number. */
export const PARTNERWEB_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User';

interface ScimContext {
  roster: RosterService;
  caller: RosterCaller;
  /** From If-Match (`W/"3"`); undefined when absent or `*`. */
  expectedVersion?: number;
}

let declared = false;

function declareOnce(): void {
  if (declared) return;
  declared = true;
  const extension = new SCIMMY.Types.SchemaDefinition(
    'PartnerwebUser',
    PARTNERWEB_USER_SCHEMA,
    'What Partnerweb needs of a staff member beyond the core User',
    [
      new SCIMMY.Types.Attribute('string', 'nationalIdentityNumber', {
        mutable: 'writeOnly',
        returned: 'never',
        caseExact: true,
        description:
          'Fødselsnummer or D-nummer (11 digits). Write-only: kept only as a keyed hash to match the person’s card orders; never returned.',
      }),
    ],
  );
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    extensions: [
      { schema: SCIMMY.Schemas.EnterpriseUser, required: false },
      { schema: extension, required: false },
    ],
  } as never);
  SCIMMY.Resources.User.ingress(async (resource, instance, ctx?: ScimContext) => {
    const { roster, caller, expectedVersion } = context(ctx);
    const input = memberInput(instance as unknown as Record<string, unknown>);
    const row = await scimErrors(() =>
      resource.id
        ? roster.replaceMember(caller, resource.id, input, expectedVersion)
        : roster.createMember(caller, input),
    );
    return toScimUser(row);
  });
  SCIMMY.Resources.User.egress(async (resource, ctx?: ScimContext) => {
    const { roster, caller } = context(ctx);
    if (resource.id) return toScimUser(await scimErrors(() => roster.member(caller.partnerId, resource.id!)));
    const equality = simpleEquality(resource.filter);
    const users: ScimUserOut[] = (await roster.members(caller.partnerId, equality)).map(toScimUser);
    return (resource.filter && !equality ? resource.filter.match(users) : users) as never;
  });
  SCIMMY.Resources.User.degress(async (resource, ctx?: ScimContext) => {
    const { roster, caller, expectedVersion } = context(ctx);
    await scimErrors(() => roster.deleteMember(caller, resource.id!, expectedVersion));
  });
}

function context(ctx: ScimContext | undefined): ScimContext {
  if (!ctx) throw new SCIMMY.Types.Error(500, null!, 'SCIM request without its context');
  return ctx;
}

/** `userName eq "…"` or `externalId eq "…"` alone (what Entra ID and Okta send) is answered by an index. */
function simpleEquality(
  filter: SCIMMY.Types.Filter | undefined,
): { attribute: 'userName' | 'externalId'; value: string } | undefined {
  if (!filter || filter.length !== 1) return undefined;
  const entries = Object.entries(filter[0] as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [attribute, expression] = entries[0];
  const name =
    attribute.toLowerCase() === 'username'
      ? 'userName'
      : attribute.toLowerCase() === 'externalid'
        ? 'externalId'
        : undefined;
  if (!name || !Array.isArray(expression) || expression.length !== 2) return undefined;
  const [operator, value] = expression as [unknown, unknown];
  return operator === 'eq' && typeof value === 'string' ? { attribute: name, value } : undefined;
}

function text(value: unknown, field: string, max = 256): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new SCIMMY.Types.Error(400, 'invalidValue', `${field} must be a string`);
  if (value.length > max)
    throw new SCIMMY.Types.Error(400, 'invalidValue', `${field} is longer than ${max} characters`);
  return value;
}

/** A member's fields from the User scimmy parsed and checked against the schema (and its extensions). */
function memberInput(user: Record<string, unknown>): MemberInput {
  const userName = text(user.userName, 'userName');
  if (!userName) throw new SCIMMY.Types.Error(400, 'invalidValue', 'userName is required');
  const name = (user.name ?? {}) as Record<string, unknown>;
  const emails = Array.isArray(user.emails) ? (user.emails as { value?: unknown; primary?: unknown }[]) : [];
  const email = emails.find((e) => e.primary === true) ?? emails[0];
  const extension = (user[PARTNERWEB_USER_SCHEMA] ?? {}) as Record<string, unknown>;
  const nationalId = extension.nationalIdentityNumber;
  if (nationalId !== undefined && (typeof nationalId !== 'string' || !hasValidCheckDigits(nationalId)))
    // Never echo the value: it is the one attribute that must not travel back.
    throw new SCIMMY.Types.Error(
      400,
      'invalidValue',
      `${PARTNERWEB_USER_SCHEMA}:nationalIdentityNumber must be a fødselsnummer or D-nummer: 11 digits with valid check digits`,
    );
  return {
    userName,
    externalId: text(user.externalId, 'externalId'),
    givenName: text(name.givenName, 'name.givenName'),
    familyName: text(name.familyName, 'name.familyName'),
    displayName: text(user.displayName, 'displayName'),
    email: text(email?.value, 'emails.value'),
    active: user.active === undefined ? true : user.active === true,
    ...(typeof nationalId === 'string' ? { nationalId } : {}),
  };
}

/** The service's problems as SCIM errors (status and scimType); anything else is a 500 SCIM error. */
async function scimErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SCIMMY.Types.Error) throw error;
    if (error instanceof Problem) {
      if (error.status === 409) throw new SCIMMY.Types.Error(409, 'uniqueness', error.detail ?? error.title);
      if (error.status === 400) throw new SCIMMY.Types.Error(400, 'invalidValue', error.detail ?? error.title);
      if ([404, 412].includes(error.status))
        throw new SCIMMY.Types.Error(error.status, null!, error.detail ?? error.title);
    }
    throw Object.assign(new SCIMMY.Types.Error(500, null!, 'Internal error; try again later.'), { cause: error });
  }
}

function expectedVersion(req: Request): number | undefined {
  const header = req.get('If-Match');
  const match = header?.match(/^(?:W\/)?"(\d+)"$/);
  return match ? Number(match[1]) : undefined;
}

const callers = new WeakMap<Request, RosterCaller>();

/** Who the bearer token acts for: a provisioning token of the partner, or an access token with `roster:manage`. */
async function authenticate(roster: RosterService, req: Request): Promise<RosterCaller> {
  const known = callers.get(req);
  if (known) return known;
  const header = req.get('Authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token)
    throw new Error(
      'Send "Authorization: Bearer <token>": a SCIM token from POST /v1/roster/scim-tokens, or an access token with roster:manage.',
    );
  let caller: RosterCaller;
  if (token.startsWith(SCIM_TOKEN_PREFIX)) {
    const found = await roster.partnerOfToken(token);
    if (!found) throw new Error('The SCIM token is unknown, revoked or expired.');
    caller = {
      partnerId: found.partnerId,
      actor: { type: 'api_client', id: `scim-token:${found.tokenId}`, requestId: req.requestId },
    };
  } else {
    const principal = await expressAuthentication(req, OAUTH2, ['roster:manage']).catch((error: unknown) => {
      throw new Error(error instanceof Problem ? (error.detail ?? error.title) : 'The access token is not valid.');
    });
    if (principal.kind !== 'partner')
      throw new Error('SCIM provisioning is for partners: the token acts for no partner.');
    caller = {
      partnerId: principal.partnerId,
      actor: { type: 'api_client', id: principal.clientId, requestId: req.requestId },
    };
  }
  callers.set(req, caller);
  return caller;
}

/** ETag from the resource's version, and Location on a create (RFC 7644 §3.1, §3.14). */
function versionHeaders(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const meta = (body as { meta?: { version?: unknown; location?: unknown } } | undefined)?.meta;
    if (typeof meta?.version === 'string') res.setHeader('ETag', meta.version);
    if (res.statusCode === 201 && typeof meta?.location === 'string') res.setHeader('Location', meta.location);
    return json(body);
  };
  next();
}

/**
 * startIndex and count as numbers, which scimmy needs: scimmy-routers converts them on `req.query`, but Express 5
 * parses the query afresh on every read, so its change is lost. A value that is no integer is left out (defaults).
 */
function pagingAsNumbers(req: Request): void {
  const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
  for (const name of ['startIndex', 'count']) {
    const value = query[name];
    if (typeof value === 'string' && /^-?\d{1,9}$/.test(value)) query[name] = Number(value);
    else delete query[name];
  }
  Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
}

/** The rate limits of /scim/v2: the API's, shared with it (an address's bucket, the failures' bucket). */
export interface ScimRateLimits {
  pool: Pool;
  perMinute: number;
  authFailuresPerMinute: number;
}

/**
 * The caller as the rate limiter sees it: the partner once its token verifies (a directory's sync has its own
 * bucket, apart from the partner's API clients), 'failed' for a token refused (counted against the address and
 * its failures, as on /v1: a SCIM token cannot be guessed faster than an access token), nothing without a token.
 */
const scimCaller =
  (roster: RosterService): IdentifyCaller =>
  async (req) => {
    if (req.get('Authorization') === undefined) return undefined;
    try {
      return { key: `scim:${(await authenticate(roster, req)).partnerId}` };
    } catch {
      return 'failed';
    }
  };

/** A refusal of the limiter as a SCIM error (RFC 7644 §3.12), with the limiter's Retry-After. */
function scimRefusal(res: Response, problem: Problem): void {
  res.status(problem.status).set(problem.headers).type('application/scim+json');
  res.send(JSON.stringify({ schemas: [SCIM_ERROR], status: String(problem.status), detail: problem.detail }));
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The /scim/v2 router of one app. */
export function scimRouter(roster: RosterService, publicBaseUrl: string, limits: ScimRateLimits): Router {
  declareOnce();
  const limit = apiRateLimit(limits.pool, limits, scimCaller(roster));
  const router = new SCIMMYRouters({
    type: 'bearer',
    docUri: `${publicBaseUrl}/docs#section/SCIM-provisioning`,
    handler: async (req) => (await authenticate(roster, req)).partnerId,
    context: async (req): Promise<ScimContext> => ({
      roster,
      caller: await authenticate(roster, req),
      expectedVersion: expectedVersion(req),
    }),
    baseUri: () => (publicBaseUrl.startsWith('https://') ? publicBaseUrl : undefined) as string,
  }) as unknown as Router;
  // What this provider really does (scimmy-routers announces bulk, which the roster does not take); ETags yes.
  SCIMMY.Config.set({
    patch: true,
    filter: { supported: true, maxResults: 1000 },
    sort: true,
    bulk: false,
    etag: true,
    changePassword: false,
  });
  const wrapper = (req: Request, res: Response, next: NextFunction) => {
    void limit(req, res, (refusal?: unknown) => {
      if (refusal instanceof Problem) return scimRefusal(res, refusal);
      if (refusal) return next(refusal);
      pagingAsNumbers(req);
      versionHeaders(req, res, () => router(req, res, next));
    });
  };
  return wrapper as unknown as Router;
}

export { memberEtag };
