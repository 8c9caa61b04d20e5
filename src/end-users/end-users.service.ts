import { DataSource } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { containsPattern, SqlParams } from '../common/sql';
import { maskedNationalIdSql } from '../privacy/national-id-privacy';
import type { EndUserDetail, EndUserPage } from './end-user.dto';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A person is a partner's end user when they have an order (not rejected) or a card on its card products. */
const BELONGS_TO_PARTNER = (partner: string) => `(
  EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = u.id AND o.partner_id = ${partner} AND o.status <> 'rejected')
  OR EXISTS (SELECT 1 FROM card c WHERE c.end_user_id = u.id AND c.partner_id = ${partner}))`;

export interface EndUserListFilter {
  q?: string;
  /** Delta sync: only end users whose data, or an order or card on the partner's products, changed at or after this instant. */
  updatedSince?: Date;
  limit?: number;
  cursor?: string;
}

export class EndUsersService {
  constructor(private readonly dataSource: DataSource) {}

  async list(partnerId: string, filter: EndUserListFilter): Promise<EndUserPage> {
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
    const rows: Row[] = await this.dataSource.query(
      `SELECT u.id, u.given_name, u.family_name, ${maskedNationalIdSql('u.national_id')} AS national_id, u.email, u.created_at,
              (SELECT count(*)::int FROM card c WHERE c.end_user_id = u.id AND c.partner_id = ${partner} AND c.status = 'active') AS active_cards
         FROM end_user u
        WHERE ${where.join(' AND ')}
        ORDER BY u.created_at DESC, u.id DESC
        LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    return toPage(
      rows,
      limit,
      (row) => ({ at: new Date(row.created_at), id: row.id }),
      (row) => ({
        id: row.id,
        givenName: row.given_name,
        familyName: row.family_name,
        nationalId: row.national_id,
        email: row.email,
        activeCards: row.active_cards,
        createdAt: new Date(row.created_at).toISOString(),
      }),
    );
  }

  async get(partnerId: string, endUserId: string): Promise<EndUserDetail> {
    const [user]: Row[] = await this.dataSource.query(
      `SELECT u.id, u.given_name, u.family_name, ${maskedNationalIdSql('u.national_id')} AS national_id, u.birth_date::text AS birth_date,
              u.email, u.phone, u.registered_street, u.registered_postal_code, u.registered_city
         FROM end_user u WHERE u.id = $1 AND ${BELONGS_TO_PARTNER('$2')}`,
      [endUserId, partnerId],
    );
    if (!user) throw Problem.notFound(`End user ${endUserId}`);
    const [cards, orders]: Row[][] = await Promise.all([
      this.dataSource.query(
        `SELECT id, serial_number, status, expires_on::text AS expires_on, card_product_id FROM card
          WHERE end_user_id = $1 AND partner_id = $2 ORDER BY created_at DESC, id DESC`,
        [endUserId, partnerId],
      ),
      this.dataSource.query(
        `SELECT id, order_number, kind, status, created_at FROM card_order
          WHERE end_user_id = $1 AND partner_id = $2 AND status <> 'rejected' ORDER BY created_at DESC, id DESC`,
        [endUserId, partnerId],
      ),
    ]);
    return {
      id: user.id,
      givenName: user.given_name,
      familyName: user.family_name,
      nationalId: user.national_id,
      birthDate: user.birth_date,
      email: user.email,
      phone: user.phone,
      registeredAddress: {
        street: user.registered_street,
        postalCode: user.registered_postal_code,
        city: user.registered_city,
      },
      cards: cards.map((c) => ({
        id: c.id,
        serialNumber: c.serial_number,
        status: c.status,
        expiresOn: c.expires_on,
        cardProductId: c.card_product_id,
      })),
      orders: orders.map((o) => ({
        id: o.id,
        orderNumber: o.order_number,
        kind: o.kind,
        status: o.status,
        orderedAt: new Date(o.created_at).toISOString(),
      })),
    };
  }
}
