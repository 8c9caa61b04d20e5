// Read models (ADR 0001): the partner's four reports join card_order, card, end_user and card_product in one
// statement each and keep that SQL here rather than in the tables' repositories, because the same statement is
// paged as JSON and streamed whole by COPY … TO STDOUT (CSV) or a cursor (NDJSON), which takes no bind
// parameters and no repository round trips; splitting it across repositories would cost the export its speed.
// Their rows are typed by the DTOs in report.dto.ts: each column is aliased with the DTO's field name.
import type { DataSource } from 'typeorm';
import { Clock, osloDate } from '../common/clock';
import { osloDayAfter, osloDayStart, requireOrderDateRange } from '../common/sql';
import { maskedNationalIdSql } from '../privacy/national-id-privacy';
import { isoTime, literal, type ReportQuery } from '../common/report-query';

const END_USER_NAME = `u.given_name || ' ' || u.family_name`;

/** The four reports of a partner, as SQL; the partner id comes from the token, never from the request. */
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Pending and approved orders (never rejected) by order date, from/to as Europe/Oslo calendar days. */
  ordersByDate(partnerId: string, filter: { orderedFrom?: string; orderedTo?: string }): ReportQuery {
    const { from, to } = requireOrderDateRange(filter);
    const where = [`o.partner_id = ${literal(partnerId)}::uuid`, `o.status IN ('pending', 'approved')`];
    if (from) where.push(`o.created_at >= ${osloDayStart(literal(from))}`);
    if (to) where.push(`o.created_at < ${osloDayAfter(literal(to))}`);
    return {
      columns: `o.order_number AS "orderNumber", ${isoTime('o.created_at')} AS "orderedAt", o.kind, o.status,
        cp.name AS "cardProduct", o.company, ${END_USER_NAME} AS "endUserName", ${maskedNationalIdSql('u.national_id')} AS "nationalId",
        o.card_reader AS "cardReader", ${isoTime('o.decided_at')} AS "decidedAt",
        c.serial_number AS "cardSerialNumber", c.status AS "cardStatus"`,
      from: `card_order o JOIN end_user u ON u.id = o.end_user_id JOIN card_product cp ON cp.id = o.card_product_id
        LEFT JOIN card c ON c.order_id = o.id`,
      where,
      sort: { key: 'o.created_at', id: 'o.id', direction: 'DESC' },
    };
  }

  /** Every card issued on the partner's products: the approved orders' and those issued before self-service. */
  approvedOrders(partnerId: string): ReportQuery {
    return {
      columns: `CASE WHEN o.id IS NULL THEN 'before_self_service' ELSE 'order' END AS source,
        o.order_number AS "orderNumber", ${isoTime('o.created_at')} AS "orderedAt", ${isoTime('o.decided_at')} AS "approvedAt",
        o.kind, o.company, ${END_USER_NAME} AS "endUserName", ${maskedNationalIdSql('u.national_id')} AS "nationalId", cp.name AS "cardProduct",
        c.serial_number AS "cardSerialNumber", c.status AS "cardStatus", ${isoTime('c.issued_at')} AS "issuedAt",
        c.expires_on::text AS "expiresOn"`,
      from: `card c JOIN end_user u ON u.id = c.end_user_id JOIN card_product cp ON cp.id = c.card_product_id
        LEFT JOIN card_order o ON o.id = c.order_id`,
      where: [`c.partner_id = ${literal(partnerId)}::uuid`],
      sort: { key: 'c.created_at', id: 'c.id', direction: 'DESC' },
    };
  }

  /** Shipped and active cards expiring within `withinDays` from today, soonest first, each with its renewal. */
  expiringCards(partnerId: string, withinDays: number): ReportQuery {
    const today = osloDate(this.clock.now());
    return {
      columns: `c.serial_number AS "cardSerialNumber", c.status AS "cardStatus", c.expires_on::text AS "expiresOn",
        (c.expires_on - ${literal(today)}::date) AS "daysLeft", ${END_USER_NAME} AS "endUserName",
        ${maskedNationalIdSql('u.national_id')} AS "nationalId", u.email, cp.name AS "cardProduct",
        coalesce(r.status::text, 'none') AS renewal, r.order_number AS "renewalOrderNumber", r.card_status AS "renewalCardStatus"`,
      from: `card c JOIN end_user u ON u.id = c.end_user_id JOIN card_product cp ON cp.id = c.card_product_id
        LEFT JOIN LATERAL (SELECT o.status, o.order_number, rc.status AS card_status
                             FROM card_order o LEFT JOIN card rc ON rc.order_id = o.id
                            WHERE o.renews_card_id = c.id ORDER BY o.created_at DESC LIMIT 1) r ON true`,
      where: [
        `c.partner_id = ${literal(partnerId)}::uuid`,
        `c.status IN ('shipped', 'active')`,
        `c.expires_on BETWEEN ${literal(today)}::date AND ${literal(today)}::date + ${literal(withinDays)}`,
      ],
      // The date as a UTC instant: the cursor carries instants.
      sort: { key: `(c.expires_on::timestamp AT TIME ZONE 'UTC')`, id: 'c.id', direction: 'ASC' },
    };
  }

  /** The partner's end users (an order that is not rejected, or a card), newest first. */
  endUsers(partnerId: string): ReportQuery {
    const partner = `${literal(partnerId)}::uuid`;
    return {
      columns: `${END_USER_NAME} AS "endUserName", ${maskedNationalIdSql('u.national_id')} AS "nationalId", u.email,
        coalesce(a.count, 0) AS "activeCards", coalesce(a.serials, '') AS "activeCardSerialNumbers",
        l.order_number AS "latestOrderNumber", l.kind, l.status, ${isoTime('l.created_at')} AS "latestOrderedAt"`,
      from: `(SELECT end_user_id FROM card_order WHERE partner_id = ${partner} AND status <> 'rejected'
              UNION SELECT end_user_id FROM card WHERE partner_id = ${partner}) mine
        JOIN end_user u ON u.id = mine.end_user_id
        LEFT JOIN LATERAL (SELECT count(*)::int AS count, string_agg(serial_number, ' ' ORDER BY serial_number) AS serials
                             FROM card WHERE end_user_id = u.id AND partner_id = ${partner} AND status = 'active') a ON true
        LEFT JOIN LATERAL (SELECT order_number, kind, status, created_at FROM card_order
                            WHERE end_user_id = u.id AND partner_id = ${partner} ORDER BY created_at DESC LIMIT 1) l ON true`,
      where: ['true'],
      sort: { key: 'u.created_at', id: 'u.id', direction: 'DESC' },
    };
  }
}
