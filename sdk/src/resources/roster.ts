import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { components } from '../schema.js';

type Schemas = components['schemas'];
export type RosterMember = Schemas['RosterMember'];
export type ScimToken = Schemas['ScimToken'];
export type CreatedScimToken = Schemas['CreatedScimToken'];
export type ScimTokenRequest = Schemas['ScimTokenRequest'];
export type RevokedCard = Schemas['RevokedCard'];

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_PARTNERWEB_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:partnerweb:2.0:User';
const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM User as `/scim/v2/Users` answers it (RFC 7643 §4.1; the national identity number is never in it). */
export interface ScimUser {
  id: string;
  userName: string;
  externalId?: string;
  name?: { givenName?: string; familyName?: string };
  displayName?: string;
  emails?: { value: string; type?: string; primary?: boolean }[];
  active: boolean;
  meta: { resourceType: 'User'; created: string; lastModified: string; version: string; location?: string };
}

/** What you send for a person; `nationalIdentityNumber` is write-only (kept as a keyed hash, never returned). */
export interface ScimUserInput {
  userName: string;
  externalId?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  active?: boolean;
  nationalIdentityNumber?: string;
}

export interface ScimPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

function scimBody(user: ScimUserInput): object {
  return {
    schemas: [SCIM_USER_SCHEMA, ...(user.nationalIdentityNumber ? [SCIM_PARTNERWEB_USER_SCHEMA] : [])],
    userName: user.userName,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    ...(user.givenName || user.familyName ? { name: { givenName: user.givenName, familyName: user.familyName } } : {}),
    ...(user.email ? { emails: [{ value: user.email, type: 'work', primary: true }] } : {}),
    active: user.active ?? true,
    ...(user.nationalIdentityNumber
      ? { [SCIM_PARTNERWEB_USER_SCHEMA]: { nationalIdentityNumber: user.nationalIdentityNumber } }
      : {}),
  };
}

/**
 * The SCIM 2.0 Users of your roster (`/scim/v2/Users`), for a sync script of your own (an HR export): the same
 * client and token (scope `roster:manage`). Entra ID and Okta speak SCIM themselves and need none of this.
 */
export class ScimUsers extends APIResource {
  /** The user with this `userName` (compared without case), or undefined. */
  async findByUserName(userName: string, options?: RequestOptions): Promise<ScimUser | undefined> {
    const filter = `userName eq "${userName.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    return (await this.read<{ Resources?: ScimUser[] }>('/scim/v2/Users', { filter }, options)).Resources?.[0];
  }

  /** Every user of the roster, `count` at a time (SCIM `startIndex` paging). */
  async *all(count = 100, options?: RequestOptions): AsyncGenerator<ScimUser> {
    for (let startIndex = 1; ; startIndex += count) {
      const page = await this.read<{ Resources?: ScimUser[]; totalResults: number }>(
        '/scim/v2/Users',
        { startIndex, count },
        options,
      );
      yield* page.Resources ?? [];
      if (startIndex + count > page.totalResults || !page.Resources?.length) return;
    }
  }

  async create(user: ScimUserInput, options?: RequestOptions): Promise<ScimUser> {
    const request = { method: 'POST', path: '/scim/v2/Users', body: scimBody(user) } as const;
    return (await this.transport.request<ScimUser>(request, options)).data;
  }

  /** PATCH operations (RFC 7644 §3.5.2); undefined when the answer was 204 (nothing readable changed). */
  async patch(id: string, operations: ScimPatchOperation[], options?: RequestOptions): Promise<ScimUser | undefined> {
    const body = { schemas: [SCIM_PATCH_SCHEMA], Operations: operations };
    const request = { method: 'PATCH', path: path`/scim/v2/Users/${id}`, body } as const;
    return (await this.transport.request<ScimUser | undefined>(request, options)).data;
  }

  /** Deactivates the user (what Entra ID does first): a leaver under your policies. */
  deactivate(id: string, options?: RequestOptions): Promise<ScimUser | undefined> {
    return this.patch(id, [{ op: 'replace', path: 'active', value: false }], options);
  }

  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: path`/scim/v2/Users/${id}`, parse: 'none' }, options);
  }
}

/** Your staff roster (scope `roster:manage`): its members, the directory's SCIM tokens, and revoking a leaver's card. */
export class Roster extends APIResource {
  readonly scimUsers = new ScimUsers(this.transport);

  /** Members newest first; await for one page, or iterate for all. */
  members(
    query: { active?: boolean; limit?: number; cursor?: string } = {},
    options?: RequestOptions,
  ): PagePromise<RosterMember> {
    return this.paginate('/v1/roster/members', query, options);
  }

  member(memberId: string, options?: RequestOptions): Promise<RosterMember> {
    return this.read(path`/v1/roster/members/${memberId}`, undefined, options);
  }

  /** A long-lived token for your HR directory; `token` is shown this once. */
  async createScimToken(body: ScimTokenRequest, options?: RequestOptions): Promise<CreatedScimToken> {
    const request = { method: 'POST', path: '/v1/roster/scim-tokens', body } as const;
    return (await this.transport.request<CreatedScimToken>(request, options)).data;
  }

  async scimTokens(options?: RequestOptions): Promise<ScimToken[]> {
    return (await this.read<{ data: ScimToken[] }>('/v1/roster/scim-tokens', undefined, options)).data;
  }

  async revokeScimToken(id: string, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'DELETE', path: path`/v1/roster/scim-tokens/${id}`, parse: 'none' },
      options,
    );
  }

  /** Revokes one of your cards (a leaver's, from `staff.deactivated`), with the reason for the audit trail. */
  async revokeCard(cardId: string, reason: string, options?: RequestOptions): Promise<RevokedCard> {
    const request = { method: 'POST', path: path`/v1/cards/${cardId}/revocation`, body: { reason } } as const;
    return (await this.transport.request<RevokedCard>(request, options)).data;
  }
}
