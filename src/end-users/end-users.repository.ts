import { decodeCursor, DEFAULT_PAGE_SIZE } from '../common/pagination';
import { containsPattern, SqlParams } from '../common/sql';
import type { SqlExecutor } from '../db/sql-executor';
import { maskedNationalIdSql } from '../privacy/national-id-privacy';

/** An end user in a partner's list (national id masked), with their active cards on the partner's products. */
export interface EndUserSummaryRow {
  id: string;
  given_name: string;
  family_name: string;
  /** Masked: the birth-date digits only. */
  national_id: string;
  email: string | null;
  created_at: Date;
  active_cards: number;
}

/** The end user's own data; `national_id` is masked in the partner's view and whole in the end user's own. */
export interface EndUserRow {
  id: string;
  national_id: string;
  given_name: string;
  family_name: string;
  /** YYYY-MM-DD */
  birth_date: string;
  email: string | null;
  phone: string | null;
  registered_street: string;
  registered_postal_code: string;
  registered_city: string;
}

/** The person as the population registry knows them now, with the contact data given (if any). */
export interface EndUserUpsert {
  nationalId: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  email: string | null;
  phone: string | null;
  registered: { street: string; postalCode: string; city: string };
}

export interface EndUserListFilter {
  q?: string;
  /** Delta sync: only end users whose data, or an order or card on the partner's products, changed at or after this instant. */
  updatedSince?: Date;
  limit?: number;
  cursor?: string;
}

/** A person is a partner's end user when they have an order (not rejected) or a card on its card products. */
const BELONGS_TO_PARTNER = (partner: string) => `(
  EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = u.id AND o.partner_id = ${partner} AND o.status <> 'rejected')
  OR EXISTS (SELECT 1 FROM card c WHERE c.end_user_id = u.id AND c.partner_id = ${partner}))`;

const END_USER_COLUMNS = `u.id, u.national_id, u.given_name, u.family_name, u.birth_date::text AS birth_date, u.email, u.phone,
  u.registered_street, u.registered_postal_code, u.registered_city`;

/** Every statement on `end_user`: the partner's view (national id masked) and the end user's own (self-service). */
export class EndUsersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  // ---- the partner's view (src/end-users/end-users.service.ts)

  /** One page (limit + 1 rows) of the partner's end users, newest first, and the page size. */
  async listOfPartner(
    partnerId: string,
    filter: EndUserListFilter,
  ): Promise<{ rows: EndUserSummaryRow[]; limit: number }> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(filter.cursor);
    const p = new SqlParams();
    const partner = p.add(partnerId);
    const where = [BELONGS_TO_PARTNER(partner)];
    if (filter.q?.trim()) {
      const text = filter.q.trim();
      where.push(
        /^\d{11}$/.test(text)
          ? `u.national_id = ${p.add(text)}`
          : `(u.given_name || ' ' || u.family_name) ILIKE ${p.add(containsPattern(text))}`,
      );
    }
    if (filter.updatedSince) {
      const since = p.add(filter.updatedSince);
      where.push(`(u.updated_at >= ${since}
        OR EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = u.id AND o.partner_id = ${partner} AND o.updated_at >= ${since})
        OR EXISTS (SELECT 1 FROM card c WHERE c.end_user_id = u.id AND c.partner_id = ${partner} AND c.updated_at >= ${since}))`);
    }
    if (after) where.push(`(u.created_at, u.id) < (${p.add(after.at)}, ${p.add(after.id)})`);
    const rows = await this.sql.rows<EndUserSummaryRow>(
      `SELECT u.id, u.given_name, u.family_name, ${maskedNationalIdSql('u.national_id')} AS national_id, u.email, u.created_at,
              (SELECT count(*)::int FROM card c WHERE c.end_user_id = u.id AND c.partner_id = ${partner} AND c.status = 'active') AS active_cards
         FROM end_user u
        WHERE ${where.join(' AND ')}
        ORDER BY u.created_at DESC, u.id DESC
        LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    return { rows, limit };
  }

  /** The partner's end user, national id masked; undefined when they are not the partner's. */
  ofPartner(partnerId: string, endUserId: string): Promise<EndUserRow | undefined> {
    return this.sql.first<EndUserRow>(
      `SELECT u.id, ${maskedNationalIdSql('u.national_id')} AS national_id, u.given_name, u.family_name, u.birth_date::text AS birth_date,
              u.email, u.phone, u.registered_street, u.registered_postal_code, u.registered_city
         FROM end_user u WHERE u.id = $1 AND ${BELONGS_TO_PARTNER('$2')}`,
      [endUserId, partnerId],
    );
  }

  // ---- the end user's own (src/self-service/self-service.service.ts)

  /** The signed-in person's stored data, if they ever ordered. */
  byNationalId(nationalId: string): Promise<EndUserRow | undefined> {
    return this.sql.first<EndUserRow>(`SELECT ${END_USER_COLUMNS} FROM end_user u WHERE u.national_id = $1`, [
      nationalId,
    ]);
  }

  async idByNationalId(nationalId: string): Promise<string | undefined> {
    return (await this.sql.first<{ id: string }>(`SELECT id FROM end_user WHERE national_id = $1`, [nationalId]))?.id;
  }

  /**
   * The person's id and e-mail address, locked for the rest of the transaction: this serialises one person's
   * orders, so of two renewals sent at once the second sees the first.
   */
  lockByNationalId(nationalId: string): Promise<{ id: string; email: string | null } | undefined> {
    return this.sql.first<{ id: string; email: string | null }>(
      `SELECT id, email FROM end_user WHERE national_id = $1 FOR UPDATE`,
      [nationalId],
    );
  }

  /** Changes the contact data given (`phone: null` removes it); answers the end user's id, or undefined. */
  async updateContact(
    nationalId: string,
    contact: { email?: string; phone?: string | null },
  ): Promise<string | undefined> {
    const row = await this.sql.first<{ id: string }>(
      `UPDATE end_user SET email = coalesce($2, email), phone = CASE WHEN $3 THEN $4 ELSE phone END, updated_at = now()
        WHERE national_id = $1 RETURNING id`,
      [nationalId, contact.email ?? null, contact.phone !== undefined, contact.phone ?? null],
    );
    return row?.id;
  }

  /** The end user as the registry knows them now (one row per person); contact data only where given. */
  async upsert(person: EndUserUpsert): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO end_user (national_id, given_name, family_name, birth_date, email, phone, registered_street, registered_postal_code, registered_city)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (national_id) DO UPDATE SET
         given_name = excluded.given_name, family_name = excluded.family_name,
         email = coalesce(excluded.email, end_user.email), phone = coalesce(excluded.phone, end_user.phone),
         registered_street = excluded.registered_street, registered_postal_code = excluded.registered_postal_code,
         registered_city = excluded.registered_city, updated_at = now()
       RETURNING id`,
      [
        person.nationalId,
        person.givenName,
        person.familyName,
        person.birthDate,
        person.email,
        person.phone,
        person.registered.street,
        person.registered.postalCode,
        person.registered.city,
      ],
    );
    if (!row) throw new Error('INSERT … ON CONFLICT DO UPDATE answered no row');
    return row.id;
  }

  // ---- added by data-records for their callers (each method names its caller)

  /** Locks the end user for the rest of the transaction. Caller: src/retention/retention.ts, before deleting. */
  async lock(endUserId: string): Promise<boolean> {
    return (await this.sql.first(`SELECT 1 FROM end_user WHERE id = $1 FOR UPDATE`, [endUserId])) !== undefined;
  }

  /** Caller: src/retention/retention.ts, after the end user's orders and cards are deleted. */
  delete(endUserId: string): Promise<number> {
    return this.sql.execute(`DELETE FROM end_user WHERE id = $1`, [endUserId]);
  }

  /** Demo only: a person of the demo data, made `daysAgo` days ago. Caller: src/demo/seed.ts. */
  async insertDemo(person: {
    nationalId: string;
    givenName: string;
    familyName: string;
    birthDate: string;
    email: string | null;
    street: string;
    postalCode: string;
    city: string;
    daysAgo: number;
  }): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO end_user (national_id, given_name, family_name, birth_date, email, registered_street, registered_postal_code, registered_city, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - make_interval(days => $9)) RETURNING id`,
      [
        person.nationalId,
        person.givenName,
        person.familyName,
        person.birthDate,
        person.email,
        person.street,
        person.postalCode,
        person.city,
        person.daysAgo,
      ],
    );
    if (!row) throw new Error('INSERT INTO end_user … RETURNING id answered no row');
    return row.id;
  }
}
