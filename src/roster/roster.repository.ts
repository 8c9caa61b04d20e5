import type { SqlExecutor } from '../db/sql-executor';

/** A row of `roster_member`: one person of a partner's staff as its HR directory provisioned them over SCIM. */
export interface RosterMemberRow {
  id: string;
  partner_id: string;
  user_name: string;
  external_id: string | null;
  given_name: string | null;
  family_name: string | null;
  display_name: string | null;
  email: string | null;
  active: boolean;
  /** HMAC-SHA-256 (hex) of the national identity number: for matching only, never answered. */
  national_id_hash: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** What the directory may set on a member (SCIM's writable attributes). */
export interface RosterMemberFields {
  userName: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  email: string | null;
  active: boolean;
  /** undefined: keep the stored hash (a write-only attribute the directory did not send again). */
  nationalIdHash?: string | null;
}

/** A row of `scim_token`: a directory's provisioning credential (only its SHA-256 is kept). */
export interface ScimTokenRow {
  id: string;
  partner_id: string;
  name: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const MEMBER_COLUMNS = `id, partner_id, user_name, external_id, given_name, family_name, display_name, email, active,
  national_id_hash, version, created_at, updated_at`;
const TOKEN_COLUMNS = `id, partner_id, name, created_at, expires_at, revoked_at, last_used_at`;

/** Every statement on `roster_member` and `scim_token`. */
export class RosterRepository {
  constructor(private readonly sql: SqlExecutor) {}

  member(partnerId: string, id: string): Promise<RosterMemberRow | undefined> {
    return this.sql.first<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member WHERE partner_id = $1 AND id::text = $2`,
      [partnerId, id],
    );
  }

  /** The member locked for a change in the caller's transaction. */
  lockMember(partnerId: string, id: string): Promise<RosterMemberRow | undefined> {
    return this.sql.first<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member WHERE partner_id = $1 AND id::text = $2 FOR UPDATE`,
      [partnerId, id],
    );
  }

  /** Members whose attribute equals `value` (userName without case, as SCIM compares it). */
  membersWhere(partnerId: string, attribute: 'userName' | 'externalId', value: string): Promise<RosterMemberRow[]> {
    const condition = attribute === 'userName' ? 'lower(user_name) = lower($2)' : 'external_id = $2';
    return this.sql.rows<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member WHERE partner_id = $1 AND ${condition} ORDER BY created_at, id`,
      [partnerId, value],
    );
  }

  /** The whole roster, oldest first (SCIM's startIndex paging counts from here). */
  allMembers(partnerId: string): Promise<RosterMemberRow[]> {
    return this.sql.rows<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member WHERE partner_id = $1 ORDER BY created_at, id`,
      [partnerId],
    );
  }

  /** One page for the partner's own list (newest first, keyset on created_at and id). */
  memberPage(
    partnerId: string,
    limit: number,
    after?: { at: Date; id: string },
    active?: boolean,
  ): Promise<RosterMemberRow[]> {
    return this.sql.rows<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member
        WHERE partner_id = $1 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          AND ($5::boolean IS NULL OR active = $5)
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [partnerId, limit, after?.at ?? null, after?.id ?? null, active ?? null],
    );
  }

  insertMember(partnerId: string, fields: RosterMemberFields): Promise<RosterMemberRow | undefined> {
    return this.sql.first<RosterMemberRow>(
      `INSERT INTO roster_member (partner_id, user_name, external_id, given_name, family_name, display_name, email, active, national_id_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING
       RETURNING ${MEMBER_COLUMNS}`,
      [
        partnerId,
        fields.userName,
        fields.externalId,
        fields.givenName,
        fields.familyName,
        fields.displayName,
        fields.email,
        fields.active,
        fields.nationalIdHash ?? null,
      ],
    );
  }

  updateMember(partnerId: string, id: string, fields: RosterMemberFields): Promise<RosterMemberRow | undefined> {
    return this.sql.first<RosterMemberRow>(
      `UPDATE roster_member SET user_name = $3, external_id = $4, given_name = $5, family_name = $6, display_name = $7,
              email = $8, active = $9, national_id_hash = CASE WHEN $10 THEN $11 ELSE national_id_hash END,
              version = version + 1, updated_at = now()
        WHERE partner_id = $1 AND id = $2
       RETURNING ${MEMBER_COLUMNS}`,
      [
        partnerId,
        id,
        fields.userName,
        fields.externalId,
        fields.givenName,
        fields.familyName,
        fields.displayName,
        fields.email,
        fields.active,
        fields.nationalIdHash !== undefined,
        fields.nationalIdHash ?? null,
      ],
    );
  }

  /** Another member of the partner already holding this userName or externalId (a SCIM uniqueness conflict). */
  conflicting(
    partnerId: string,
    userName: string,
    externalId: string | null,
    exceptId?: string,
  ): Promise<RosterMemberRow | undefined> {
    return this.sql.first<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member
        WHERE partner_id = $1 AND ($4::uuid IS NULL OR id <> $4::uuid)
          AND (lower(user_name) = lower($2) OR ($3::text IS NOT NULL AND external_id = $3))
        LIMIT 1`,
      [partnerId, userName, externalId, exceptId ?? null],
    );
  }

  async deleteMember(partnerId: string, id: string): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM roster_member WHERE partner_id = $1 AND id = $2`, [partnerId, id])) > 0;
  }

  /** Is anyone with this national-id hash active in the partner's roster? */
  async isActiveMember(partnerId: string, nationalIdHash: string): Promise<RosterMemberRow | undefined> {
    return this.sql.first<RosterMemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM roster_member
        WHERE partner_id = $1 AND national_id_hash = $2 AND active ORDER BY created_at LIMIT 1`,
      [partnerId, nationalIdHash],
    );
  }

  /** Another active member with the same person's hash (a second account): then the person has not left. */
  async otherActiveWithHash(partnerId: string, nationalIdHash: string, exceptId: string): Promise<boolean> {
    const row = await this.sql.first<{ one: number }>(
      `SELECT 1 AS one FROM roster_member WHERE partner_id = $1 AND national_id_hash = $2 AND active AND id <> $3 LIMIT 1`,
      [partnerId, nationalIdHash, exceptId],
    );
    return row !== undefined;
  }

  insertToken(partnerId: string, name: string, tokenHash: string, expiresAt: Date): Promise<ScimTokenRow | undefined> {
    return this.sql.first<ScimTokenRow>(
      `INSERT INTO scim_token (partner_id, name, token_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING ${TOKEN_COLUMNS}`,
      [partnerId, name, tokenHash, expiresAt],
    );
  }

  tokens(partnerId: string): Promise<ScimTokenRow[]> {
    return this.sql.rows<ScimTokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM scim_token WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`,
      [partnerId],
    );
  }

  async revokeToken(partnerId: string, id: string): Promise<boolean> {
    const changed = await this.sql.execute(
      `UPDATE scim_token SET revoked_at = coalesce(revoked_at, now()) WHERE partner_id = $1 AND id::text = $2`,
      [partnerId, id],
    );
    return changed > 0;
  }

  /** The partner a live token acts for; its last use written at most once a minute. */
  async tokenInUse(tokenHash: string, now: Date): Promise<{ id: string; partner_id: string } | undefined> {
    const row = await this.sql.first<{ id: string; partner_id: string }>(
      `SELECT id, partner_id FROM scim_token WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    if (row)
      await this.sql.execute(
        `UPDATE scim_token SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
        [row.id, now],
      );
    return row;
  }
}
