import type { CardStatus } from '../glossary/card-terms';
import { decodeCursor, DEFAULT_PAGE_SIZE } from '../common/pagination';
import { containsPattern, osloDayAfter, osloDayStart, requireOrderDateRange, SqlParams } from '../common/sql';
import type { SqlExecutor } from '../db/sql-executor';
import { maskedNationalIdSql } from '../privacy/national-id-privacy';
import type { RejectionReason } from './order.dto';
import type { DeliveryChoice, OrderKind, OrderStatus } from '../glossary/order-terms';
import type { OrderFieldChanges } from './order-transitions';

/** A `card_order` row as the state machine and the notices read it. */
export interface OrderRow {
  id: string;
  order_number: string;
  partner_id: string;
  card_product_id: string;
  end_user_id: string;
  kind: OrderKind;
  status: OrderStatus;
  company: string;
  card_reader: boolean;
  renews_card_id: string | null;
  delivery_choice: DeliveryChoice;
  delivery_name: string;
  delivery_street: string;
  delivery_postal_code: string;
  delivery_city: string;
  registered_street: string;
  registered_postal_code: string;
  registered_city: string;
  rejection_reason: RejectionReason | null;
  rejection_message: string | null;
  decided_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The delivery columns of an order, as chosen: one mapping for the partner's and the end user's views. */
export type OrderDeliveryColumns = Pick<
  OrderRow,
  'delivery_choice' | 'delivery_name' | 'delivery_street' | 'delivery_postal_code' | 'delivery_city'
>;

/** An order in the partner's list: the order, its card product's and end user's names and its card, if any. */
export type OrderSummaryRow = OrderSummaryColumns & (OrderCardColumns | NoCardColumns);

interface OrderSummaryColumns {
  id: string;
  order_number: string;
  kind: OrderKind;
  status: OrderStatus;
  created_at: Date;
  company: string;
  card_reader: boolean;
  card_product_id: string;
  end_user_id: string;
  card_product_name: string;
  end_user_name: string;
}

/** The card an approved order produced (a LEFT JOIN: all set, or all null). */
interface OrderCardColumns {
  card_id: string;
  serial_number: string;
  card_status: CardStatus;
  /** YYYY-MM-DD */
  card_expires_on: string;
  card_shipped_at: Date | null;
  card_tracking_number: string | null;
  card_activated_at: Date | null;
}

type NoCardColumns = { [column in keyof OrderCardColumns]: null };

/** An order in full for its partner: the summary, the addresses, the decision and the end user (national id masked). */
export type OrderDetailRow = OrderSummaryRow & OrderDeliveryColumns & OrderDetailColumns;

interface OrderDetailColumns {
  registered_street: string;
  registered_postal_code: string;
  registered_city: string;
  renews_card_id: string | null;
  rejection_reason: RejectionReason | null;
  rejection_message: string | null;
  decided_at: Date | null;
  version: number;
  given_name: string;
  family_name: string;
  /** Masked: the birth-date digits only. */
  national_id: string;
  /** YYYY-MM-DD */
  birth_date: string;
  email: string | null;
  phone: string | null;
}

/** An order as the end user sees it on My Page. */
export interface MyOrderRow extends OrderDeliveryColumns {
  id: string;
  order_number: string;
  kind: OrderKind;
  status: OrderStatus;
  created_at: Date;
  decided_at: Date | null;
  company: string;
  card_reader: boolean;
  renews_card_id: string | null;
  rejection_reason: RejectionReason | null;
  rejection_message: string | null;
  product_id: string;
  product_name: string;
  partner_name: string;
}

/** A pending or approved order of an end user, with the card it produced: what may stand in the way of another. */
export interface OpenOrderRow {
  kind: OrderKind;
  status: 'pending' | 'approved';
  order_number: string;
  renews_card_id: string | null;
  card_product_id: string;
  card_id: string | null;
}

/** An order of an end user in the partner's view of that end user. */
export interface EndUserOrderRow {
  id: string;
  order_number: string;
  kind: OrderKind;
  status: OrderStatus;
  created_at: Date;
}

/** Who and what an order's notices name: the end user, the partner (and its mailbox) and the card product. */
export interface OrderNoticeFactsRow {
  given_name: string;
  family_name: string;
  email: string | null;
  partner_name: string;
  notification_email: string | null;
  product_name: string;
}

/** A new order as the state machine inserts it, pending; the partner is the card product's. */
export interface OrderInsert {
  cardProductId: string;
  endUserId: string;
  kind: OrderKind;
  company: string;
  cardReader: boolean;
  renewsCardId: string | null;
  delivery: { choice: DeliveryChoice; name: string; street: string; postalCode: string; city: string };
  registered: { street: string; postalCode: string; city: string };
  /** The order date when not now (historic demo data). */
  orderedAt: Date | null;
}

/** The one place that names columns for `OrderFieldChanges`: a whitelist, so no field name reaches the SQL. */
const WRITABLE_COLUMNS: Record<keyof OrderFieldChanges, string> = {
  company: 'company',
  status: 'status',
  rejectionReason: 'rejection_reason',
  rejectionMessage: 'rejection_message',
  decidedAt: 'decided_at',
};

const ORDER_COLUMNS = `id, order_number, partner_id, card_product_id, end_user_id, kind, status, company, card_reader,
  renews_card_id, delivery_choice, delivery_name, delivery_street, delivery_postal_code, delivery_city,
  registered_street, registered_postal_code, registered_city, rejection_reason, rejection_message, decided_at,
  version, created_at, updated_at`;

/**
 * The columns of an order summary. Card product and end-user name are scalar subqueries and the card the one
 * join: PostgreSQL plans that in a third of the time of a four-table join (EXPLAIN: 0.45 → 0.17 ms), and on the
 * order list planning was most of the query's cost (BENCHMARKS.md).
 */
const SUMMARY_COLUMNS = `
  o.id, o.order_number, o.kind, o.status, o.created_at, o.company, o.card_reader, o.card_product_id, o.end_user_id,
  (SELECT cp.name FROM card_product cp WHERE cp.id = o.card_product_id) AS card_product_name,
  (SELECT u.given_name || ' ' || u.family_name FROM end_user u WHERE u.id = o.end_user_id) AS end_user_name,
  c.id AS card_id, c.serial_number, c.status AS card_status, c.expires_on::text AS card_expires_on,
  c.issued_at AS card_shipped_at, c.tracking_number AS card_tracking_number, c.activated_at AS card_activated_at`;

const SUMMARY_JOINS = `
  LEFT JOIN card c ON c.order_id = o.id`;

/** The columns of an order as the end user sees it; the caller adds WHERE (always on the national id). */
const MY_ORDER_SQL = `
  SELECT o.id, o.order_number, o.kind, o.status, o.created_at, o.decided_at, o.company, o.card_reader, o.renews_card_id,
         o.delivery_choice, o.delivery_name, o.delivery_street, o.delivery_postal_code, o.delivery_city,
         o.rejection_reason, o.rejection_message, cp.id AS product_id, cp.name AS product_name, p.name AS partner_name
    FROM card_order o
    JOIN end_user u ON u.id = o.end_user_id
    JOIN card_product cp ON cp.id = o.card_product_id
    JOIN partner p ON p.id = o.partner_id`;

/**
 * SQL conditions on `card_order` that the end-user lists (src/end-users/end-users.repository.ts) embed, so that the
 * orders table's SQL stays in this file: the end user `endUser` (a column) has an order, not rejected, with the
 * partner `partner` (a parameter); and one of those orders changed at or after `since` (a parameter).
 */
export const endUserHasOrderWithPartnerSql = (endUser: string, partner: string): string =>
  `EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = ${endUser} AND o.partner_id = ${partner} AND o.status <> 'rejected')`;

export const endUserOrderChangedSinceSql = (endUser: string, partner: string, since: string): string =>
  `EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = ${endUser} AND o.partner_id = ${partner} AND o.updated_at >= ${since})`;

export interface OrderListFilter {
  status?: 'pending' | 'approved';
  kind?: OrderKind;
  cardProductId?: string;
  orderedFrom?: string;
  orderedTo?: string;
  q?: string;
  /** Delta sync: only orders changed (or whose card changed) at or after this instant; rejected ones included. */
  updatedSince?: Date;
  limit?: number;
  cursor?: string;
}

/**
 * The SQL of one page of the order list: exported so that the benchmark's baseline servers run exactly it.
 * One row more than the page is fetched, to know whether another page follows.
 */
export function orderListQuery(
  partnerId: string,
  filter: OrderListFilter,
): { text: string; values: unknown[]; limit: number } {
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(filter.cursor);
  const p = new SqlParams();
  // Approved orders stay findable for ever.
  const where = [`o.partner_id = ${p.add(partnerId)}`];
  // Rejected orders leave the lists, except in a delta sync: a copy kept by updatedSince must learn of the rejection.
  if (!filter.updatedSince) where.push(`o.status <> 'rejected'`);
  else {
    const since = p.add(filter.updatedSince);
    where.push(
      `(o.updated_at >= ${since} OR EXISTS (SELECT 1 FROM card c WHERE c.order_id = o.id AND c.updated_at >= ${since}))`,
    );
  }
  if (filter.status) where.push(`o.status = ${p.add(filter.status)}`);
  if (filter.kind) where.push(`o.kind = ${p.add(filter.kind)}`);
  if (filter.cardProductId) where.push(`o.card_product_id = ${p.add(filter.cardProductId)}`);
  const { from, to } = requireOrderDateRange(filter);
  if (from) where.push(`o.created_at >= ${osloDayStart(p.add(from))}`);
  if (to) where.push(`o.created_at < ${osloDayAfter(p.add(to))}`);
  if (filter.q?.trim()) {
    const pattern = p.add(containsPattern(filter.q.trim()));
    // order number, company field and the end user's name, kept in one trigram-indexed column (see the migration)
    where.push(`o.search_text ILIKE ${pattern}`);
  }
  if (after) where.push(`(o.created_at, o.id) < (${p.add(after.at)}, ${p.add(after.id)})`);
  const text = `SELECT ${SUMMARY_COLUMNS} FROM card_order o ${SUMMARY_JOINS}
        WHERE ${where.join(' AND ')}
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT ${p.add(limit + 1)}`;
  return { text, values: p.values, limit };
}

/** The facts of an order an invoice line names (caller: src/invoices/invoicing.ts). */
export interface OrderBillingFactsRow {
  id: string;
  order_number: string;
  kind: string;
  company: string | null;
  card_reader: boolean;
}

/** An end user retention may delete (caller: src/retention/retention.ts). */
export interface RetentionDueRow {
  id: string;
  last_activity_at: Date;
}

export interface RetentionPreviewSampleRow extends RetentionDueRow {
  orders: number;
  cards: number;
}

/** The end users due for deletion at the cutoff day $1: see `retentionDue`. */
const RETENTION_DUE = `
  SELECT id, last_activity_at FROM (
    SELECT u.id, GREATEST(u.updated_at,
                          (SELECT max(coalesce(o.decided_at, o.created_at)) FROM card_order o WHERE o.end_user_id = u.id),
                          (SELECT max(c.updated_at) FROM card c WHERE c.end_user_id = u.id)) AS last_activity_at
      FROM end_user u
     WHERE NOT EXISTS (SELECT 1 FROM card c WHERE c.end_user_id = u.id AND c.status IN ('in_production', 'shipped', 'active'))
       AND NOT EXISTS (SELECT 1 FROM card_order o WHERE o.end_user_id = u.id AND o.status = 'pending')
  ) candidates
  WHERE last_activity_at < ($1::date::timestamp AT TIME ZONE 'Europe/Oslo')`;

/** A pending order as the approval policies' daily job sees it (auto-rejection, reminder digest). */
export interface PendingOrderRow {
  id: string;
  order_number: string;
  partner_id: string;
  card_product_id: string;
  company: string;
  created_at: Date;
  end_user_name: string;
}

/**
 * Every statement on `card_order`. Its status and company change only through the order state machine
 * (`order-state-machine.ts`), which calls `lockOfPartner` and `writeFields` inside its transaction.
 */
export class OrdersRepository {
  constructor(private readonly sql: SqlExecutor) {}

  // ---- the partner's view (src/orders/orders.service.ts)

  /** One page of the order list (limit + 1 rows) and the page size. The benchmarked fast path: one pool query. */
  async list(partnerId: string, filter: OrderListFilter): Promise<{ rows: OrderSummaryRow[]; limit: number }> {
    const query = orderListQuery(partnerId, filter);
    return { rows: await this.sql.rows<OrderSummaryRow>(query.text, query.values), limit: query.limit };
  }

  /** The order in full, or undefined when there is none or it is another partner's. */
  detail(partnerId: string, orderId: string): Promise<OrderDetailRow | undefined> {
    return this.sql.first<OrderDetailRow>(
      `SELECT ${SUMMARY_COLUMNS},
              o.delivery_choice, o.delivery_name, o.delivery_street, o.delivery_postal_code, o.delivery_city,
              o.registered_street, o.registered_postal_code, o.registered_city,
              o.renews_card_id, o.rejection_reason, o.rejection_message, o.decided_at, o.version,
              u.given_name, u.family_name, ${maskedNationalIdSql('u.national_id')} AS national_id, u.birth_date::text AS birth_date, u.email, u.phone
         FROM card_order o ${SUMMARY_JOINS}
         JOIN end_user u ON u.id = o.end_user_id
        WHERE o.id = $1 AND o.partner_id = $2`,
      [orderId, partnerId],
    );
  }

  // ---- the state machine (src/orders/order-state-machine.ts), inside its transaction

  /** The partner's order, locked for the rest of the transaction; undefined when there is none or it is another's. */
  lockOfPartner(orderId: string, partnerId: string): Promise<OrderRow | undefined> {
    return this.sql.first<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM card_order WHERE id = $1 AND partner_id = $2 FOR UPDATE`,
      [orderId, partnerId],
    );
  }

  /** Writes a transition's fields, bumps the version (the ETag) and answers the order as it is now. */
  async writeFields(order: Pick<OrderRow, 'id' | 'version'>, fields: OrderFieldChanges): Promise<OrderRow> {
    const p = new SqlParams();
    const id = p.add(order.id);
    const set = [`version = ${p.add(order.version + 1)}`, `updated_at = now()`];
    for (const [field, value] of Object.entries(fields) as [keyof OrderFieldChanges, unknown][]) {
      if (value !== undefined) set.push(`${WRITABLE_COLUMNS[field]} = ${p.add(value)}`);
    }
    const row = await this.sql.first<OrderRow>(
      `UPDATE card_order SET ${set.join(', ')} WHERE id = ${id} RETURNING ${ORDER_COLUMNS}`,
      p.values,
    );
    if (!row) throw new Error(`order ${order.id} vanished inside its own transaction`);
    return row;
  }

  /**
   * A new order, pending, on the card product's partner; undefined when the card product does not exist.
   * The partner id is copied from the card product so that every partner query is one indexed predicate.
   */
  insert(order: OrderInsert): Promise<OrderRow | undefined> {
    return this.sql.first<OrderRow>(
      `INSERT INTO card_order (partner_id, card_product_id, end_user_id, kind, status, company, card_reader,
              renews_card_id, delivery_choice, delivery_name, delivery_street, delivery_postal_code, delivery_city,
              registered_street, registered_postal_code, registered_city, version, created_at)
       SELECT cp.partner_id, cp.id, $2::uuid, $3::order_kind, 'pending'::order_status, $4::text, $5::boolean,
              $6::uuid, $7::delivery_choice, $8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text,
              1, coalesce($15::timestamptz, now())
         FROM card_product cp WHERE cp.id = $1
       RETURNING ${ORDER_COLUMNS}`,
      [
        order.cardProductId,
        order.endUserId,
        order.kind,
        order.company,
        order.cardReader,
        order.renewsCardId,
        order.delivery.choice,
        order.delivery.name,
        order.delivery.street,
        order.delivery.postalCode,
        order.delivery.city,
        order.registered.street,
        order.registered.postalCode,
        order.registered.city,
        order.orderedAt,
      ],
    );
  }

  /** What the order's notices name (src/orders/order-notices.ts). */
  noticeFacts(orderId: string): Promise<OrderNoticeFactsRow | undefined> {
    return this.sql.first<OrderNoticeFactsRow>(
      `SELECT u.given_name, u.family_name, u.email, p.name AS partner_name, p.notification_email, cp.name AS product_name
         FROM card_order o JOIN end_user u ON u.id = o.end_user_id JOIN partner p ON p.id = o.partner_id
         JOIN card_product cp ON cp.id = o.card_product_id
        WHERE o.id = $1`,
      [orderId],
    );
  }

  // ---- the end user's view (src/self-service/self-service.service.ts)

  /** The end user's orders, newest first (at most 1000). */
  mineByNationalId(nationalId: string): Promise<MyOrderRow[]> {
    return this.sql.rows<MyOrderRow>(
      `${MY_ORDER_SQL} WHERE u.national_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 1000`,
      [nationalId],
    );
  }

  /** One order of the end user; undefined when it is not theirs. */
  mineById(nationalId: string, orderId: string): Promise<MyOrderRow | undefined> {
    return this.sql.first<MyOrderRow>(`${MY_ORDER_SQL} WHERE u.national_id = $1 AND o.id = $2`, [nationalId, orderId]);
  }

  /** The end user's pending or approved orders, with the card each produced: the input of the order options. */
  openOfEndUser(endUserId: string): Promise<OpenOrderRow[]> {
    return this.sql.rows<OpenOrderRow>(
      `SELECT o.kind, o.status, o.order_number, o.renews_card_id, o.card_product_id, c.id AS card_id
         FROM card_order o LEFT JOIN card c ON c.order_id = o.id
        WHERE o.end_user_id = $1 AND o.status IN ('pending', 'approved')`,
      [endUserId],
    );
  }

  /** The number of the end user's first order on the card product still waiting for approval, if any. */
  async pendingFirstOrderNumber(endUserId: string, cardProductId: string): Promise<string | undefined> {
    const row = await this.sql.first<{ order_number: string }>(
      `SELECT order_number FROM card_order WHERE end_user_id = $1 AND card_product_id = $2 AND kind = 'new' AND status = 'pending' LIMIT 1`,
      [endUserId, cardProductId],
    );
    return row?.order_number;
  }

  /** The company field of the end user's latest order on the card product, if any. */
  async latestCompany(endUserId: string, cardProductId: string): Promise<string | undefined> {
    const row = await this.sql.first<{ company: string }>(
      `SELECT company FROM card_order WHERE end_user_id = $1 AND card_product_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [endUserId, cardProductId],
    );
    return row?.company;
  }

  // ---- the partner's view of an end user (src/end-users/end-users.service.ts)

  /** The end user's orders on the partner's card products, rejected ones left out, newest first. */
  ofEndUserForPartner(endUserId: string, partnerId: string): Promise<EndUserOrderRow[]> {
    return this.sql.rows<EndUserOrderRow>(
      `SELECT id, order_number, kind, status, created_at FROM card_order
        WHERE end_user_id = $1 AND partner_id = $2 AND status <> 'rejected' ORDER BY created_at DESC, id DESC`,
      [endUserId, partnerId],
    );
  }

  /**
   * Of these cards, those with a renewal pending or approved (a rejected one does not count).
   * Caller: the expiry-notice job (src/expiry-notices/expiry-notice-jobs.ts).
   */
  async cardIdsWithRenewalUnderWay(cardIds: readonly string[]): Promise<string[]> {
    if (cardIds.length === 0) return [];
    const rows = await this.sql.rows<{ renews_card_id: string }>(
      `SELECT DISTINCT renews_card_id FROM card_order
        WHERE renews_card_id = ANY ($1::uuid[]) AND status IN ('pending', 'approved')`,
      [cardIds],
    );
    return rows.map((row) => row.renews_card_id);
  }

  /**
   * What an invoice line says about the order a card was issued on. Caller: the monthly invoicing
   * (src/invoices/invoicing.ts), which bills the cards and needs these four facts of each one's order.
   */
  billingFacts(orderIds: readonly string[]): Promise<OrderBillingFactsRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.sql.rows<OrderBillingFactsRow>(
      `SELECT id, order_number, kind::text AS kind, company, card_reader FROM card_order WHERE id = ANY ($1::uuid[])`,
      [orderIds],
    );
  }

  /**
   * The end users retention may delete, with the time of their last activity: no card in production, shipped
   * or active, no pending order, and nothing happened to them (order, decision, card change, contact change)
   * before the start of the Oslo day `cutoff`. `endUserId` narrows them down to one (the re-check under lock).
   * Caller: src/retention/retention.ts.
   */
  retentionDue(cutoff: string, endUserId?: string): Promise<RetentionDueRow[]> {
    return this.sql.rows<RetentionDueRow>(
      `${RETENTION_DUE} ${endUserId === undefined ? '' : 'AND id = $2'} ORDER BY last_activity_at, id`,
      endUserId === undefined ? [cutoff] : [cutoff, endUserId],
    );
  }

  /** What a retention run with this cutoff would delete, counted. Caller: src/retention/retention.ts. */
  async retentionPreviewCounts(cutoff: string): Promise<{ end_users: number; orders: number; cards: number }> {
    const row = await this.sql.first<{ end_users: number; orders: number; cards: number }>(
      `WITH due AS (${RETENTION_DUE})
       SELECT (SELECT count(*)::int FROM due) AS end_users,
              (SELECT count(*)::int FROM card_order WHERE end_user_id IN (SELECT id FROM due)) AS orders,
              (SELECT count(*)::int FROM card WHERE end_user_id IN (SELECT id FROM due)) AS cards`,
      [cutoff],
    );
    return row ?? { end_users: 0, orders: 0, cards: 0 };
  }

  /** The first 100 end users a run would delete, each with their orders and cards counted. Caller: as above. */
  retentionPreviewSample(cutoff: string): Promise<RetentionPreviewSampleRow[]> {
    return this.sql.rows<RetentionPreviewSampleRow>(
      `WITH due AS (${RETENTION_DUE})
       SELECT d.id, d.last_activity_at,
              (SELECT count(*)::int FROM card_order WHERE end_user_id = d.id) AS orders,
              (SELECT count(*)::int FROM card WHERE end_user_id = d.id) AS cards
         FROM due d ORDER BY d.last_activity_at, d.id LIMIT 100`,
      [cutoff],
    );
  }

  /** Caller: src/retention/retention.ts, deleting an end user. */
  async idsOfEndUser(endUserId: string): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(`SELECT id FROM card_order WHERE end_user_id = $1`, [endUserId]);
    return rows.map((row) => row.id);
  }

  /** Lets go of the cards the end user's orders renew, so the cards can be deleted first. Caller: as above. */
  async detachRenewalsOfEndUser(endUserId: string): Promise<void> {
    await this.sql.execute(`UPDATE card_order SET renews_card_id = NULL WHERE end_user_id = $1`, [endUserId]);
  }

  /** Caller: as above, after the end user's cards are deleted. */
  deleteOfEndUser(endUserId: string): Promise<number> {
    return this.sql.execute(`DELETE FROM card_order WHERE end_user_id = $1`, [endUserId]);
  }

  /** Demo only: the decision moved to `decidedAt`. Caller: src/demo/seed.ts. */
  async backdateDecision(orderId: string, decidedAt: Date): Promise<void> {
    await this.sql.execute(`UPDATE card_order SET decided_at = $2, updated_at = $2 WHERE id = $1`, [
      orderId,
      decidedAt,
    ]);
  }

  // ---- the approval policies' daily job (src/approval-policies/approval-jobs.ts, scim)

  /** Every order still pending that was placed before `before`, oldest first, with its end user's name. */
  pendingPlacedBefore(before: Date): Promise<PendingOrderRow[]> {
    return this.sql.rows<PendingOrderRow>(
      `SELECT o.id, o.order_number, o.partner_id, o.card_product_id, o.company, o.created_at,
              u.given_name || ' ' || u.family_name AS end_user_name
         FROM card_order o JOIN end_user u ON u.id = o.end_user_id
        WHERE o.status = 'pending' AND o.created_at < $1
        ORDER BY o.created_at, o.id`,
      [before],
    );
  }

  // ---- metrics (added by data-platform; caller: src/observability/metrics.ts)

  /** How many orders are in each status: a scan of the table, so the metrics reuse it for 30 s. */
  countByStatus(): Promise<{ status: string; count: number }[]> {
    return this.sql.rows<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM card_order GROUP BY status`,
    );
  }
}
