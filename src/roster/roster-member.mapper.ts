import type { RosterMember } from './roster.dto';
import type { RosterMemberRow } from './roster.repository';
import { isoTimestamp } from '../common/iso-timestamp';

/** The one mapping of a roster row to the API's member (never the hash). */
export function toRosterMember(row: RosterMemberRow): RosterMember {
  return {
    id: row.id,
    userName: row.user_name,
    externalId: row.external_id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    active: row.active,
    matchable: row.national_id_hash !== null,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The SCIM User of a roster row, as scimmy formats it out (the national identity number is never in it). */
export interface ScimUserOut {
  id: string;
  userName: string;
  externalId?: string;
  name?: { givenName?: string; familyName?: string };
  displayName?: string;
  emails?: { value: string; type: string; primary: boolean }[];
  active: boolean;
  meta: { created: Date; lastModified: Date; version: string };
}

/** The weak ETag of a member's version, `W/"3"`: in `meta.version` and the `ETag` header. */
export function memberEtag(version: number): string {
  return `W/"${version}"`;
}

export function toScimUser(row: RosterMemberRow): ScimUserOut {
  const name = {
    ...(row.given_name ? { givenName: row.given_name } : {}),
    ...(row.family_name ? { familyName: row.family_name } : {}),
  };
  return {
    id: row.id,
    userName: row.user_name,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    ...(Object.keys(name).length ? { name } : {}),
    ...(row.display_name ? { displayName: row.display_name } : {}),
    ...(row.email ? { emails: [{ value: row.email, type: 'work', primary: true }] } : {}),
    active: row.active,
    meta: { created: row.created_at, lastModified: row.updated_at, version: memberEtag(row.version) },
  };
}
