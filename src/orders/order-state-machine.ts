import { EntityManager, DataSource } from 'typeorm';
import { Actor, recordAudit } from '../audit/audit';
import { Card } from '../cards/card.entity';
import { Problem } from '../common/problem';
import type { Outbox } from '../notifications/outbox';
import {
  COMPANY_MAX_LENGTH,
  REJECTION_MESSAGE_MAX_LENGTH,
  requireMultiLineText,
  requireSingleLineText,
} from '../validation/text';
import type { RejectionReason } from './order.dto';
import { Order, OrderStatus } from './order.entity';
import { noticeOrderDecided, noticeOrderPlaced } from './order-notices';

/**
 * The order state machine: the only module that changes an order's status or its company field.
 * Each change runs in one transaction that locks the order row, checks the transition, applies it and
 * writes its audit event and its notices (outbox); so of two racing requests exactly one wins and the other
 * sees the new state, and a notice goes out if and only if its change committed.
 *
 *   placed ──▶ pending ──approve──▶ approved (a card is created, in production)
 *                 │ ▲
 *                 │ └─ company_corrected
 *                 └────reject────▶ rejected (kept for audit, gone from partner lists)
 */
export type OrderChange =
  | { action: 'company_corrected'; company: string }
  | { action: 'approved' }
  | { action: 'rejected'; reason: RejectionReason; message: string };

const ALLOWED_FROM: Record<OrderChange['action'], OrderStatus[]> = {
  company_corrected: ['pending'],
  approved: ['pending'],
  rejected: ['pending'],
};

export interface TransitionRequest {
  orderId: string;
  /** The partner the caller acts for: an order of another partner is "not found". */
  partnerId: string;
  actor: Actor;
  /** From If-Match: the version the caller last saw; a different current version answers 412. */
  expectedVersion?: number;
  change: OrderChange;
}

function validate(change: OrderChange): OrderChange {
  if (change.action === 'company_corrected') {
    return { ...change, company: requireSingleLineText('company', change.company, COMPANY_MAX_LENGTH) };
  }
  if (change.action === 'rejected') {
    return { ...change, message: requireMultiLineText('message', change.message, REJECTION_MESSAGE_MAX_LENGTH) };
  }
  return change;
}

export async function transitionOrder(
  dataSource: DataSource,
  outbox: Outbox,
  request: TransitionRequest,
): Promise<Order> {
  const change = validate(request.change);
  return dataSource.transaction((manager) => transitionOrderWithin(manager, outbox, { ...request, change }));
}

/**
 * The same transition in the caller's transaction: an approval policy decides in the transaction that places the
 * order, so the order and the policy's decision commit together or not at all.
 */
export async function transitionOrderWithin(
  manager: EntityManager,
  outbox: Outbox,
  request: TransitionRequest,
): Promise<Order> {
  const change = validate(request.change);
  const order = await manager
    .getRepository(Order)
    .createQueryBuilder('o')
    .setLock('pessimistic_write')
    .where('o.id = :id AND o.partner_id = :partnerId', { id: request.orderId, partnerId: request.partnerId })
    .getOne();
  if (!order) throw Problem.notFound(`Order ${request.orderId}`);
  if (request.expectedVersion !== undefined && request.expectedVersion !== order.version) {
    throw new Problem(
      'precondition-failed',
      `Order ${order.orderNumber} is at version ${order.version}, not ${request.expectedVersion}: read it again and decide on what it says now.`,
    );
  }
  if (!ALLOWED_FROM[change.action].includes(order.status)) {
    throw new Problem(
      'order-not-pending',
      `Order ${order.orderNumber} is ${order.status}; only a pending order can be changed.`,
    );
  }
  const changes = await apply(manager, order, change);
  await manager.update(Order, { id: order.id }, {
    ...changes,
    version: order.version + 1,
    updatedAt: () => 'now()',
  } as never);
  await recordAudit(manager, request.actor, {
    partnerId: order.partnerId,
    subjectType: 'order',
    subjectId: order.id,
    action: change.action,
    changes: Object.fromEntries(
      Object.entries(changes)
        .filter(([field]) => field !== 'decidedAt')
        .map(([field, to]) => [field, { from: order[field as keyof Order] ?? null, to }]),
    ),
  });
  const changed = await manager.getRepository(Order).findOneByOrFail({ id: order.id });
  if (change.action !== 'company_corrected') await noticeOrderDecided(manager, outbox, changed);
  return changed;
}

/** The field values a change sets; approval also creates the card, in production. */
async function apply(manager: EntityManager, order: Order, change: OrderChange): Promise<Partial<Order>> {
  switch (change.action) {
    case 'company_corrected':
      return { company: change.company };
    case 'approved':
      await createCardInProduction(manager, order);
      return { status: 'approved', decidedAt: new Date() };
    case 'rejected':
      return {
        status: 'rejected',
        rejectionReason: change.reason,
        rejectionMessage: change.message,
        decidedAt: new Date(),
      };
  }
}

async function createCardInProduction(manager: EntityManager, order: Order): Promise<void> {
  // Valid for the card product's validity, counted in Oslo calendar months from the approval date.
  const [{ expires_on }] = await manager.query(
    `SELECT ((now() AT TIME ZONE 'Europe/Oslo')::date + make_interval(months => validity_months))::date::text AS expires_on
       FROM card_product WHERE id = $1`,
    [order.cardProductId],
  );
  await manager.insert(Card, {
    endUserId: order.endUserId,
    cardProductId: order.cardProductId,
    partnerId: order.partnerId,
    orderId: order.id,
    status: 'in_production',
    expiresOn: expires_on,
  });
}

/** What an end user submits when ordering; the addresses are as chosen and as registered at that moment. */
export interface NewOrder {
  cardProductId: string;
  endUserId: string;
  kind: Order['kind'];
  company: string;
  cardReader: boolean;
  renewsCardId?: string | null;
  delivery: { choice: Order['deliveryChoice']; name: string; street: string; postalCode: string; city: string };
  registered: { street: string; postalCode: string; city: string };
  /** Only for loading historic demo data: the order date. */
  orderedAt?: Date;
}

/** The entry into the state machine: a new order, pending the partner's decision. */
export async function placeOrder(
  manager: EntityManager,
  outbox: Outbox,
  input: NewOrder,
  actor: Actor,
): Promise<Order> {
  requireSingleLineText('company', input.company, COMPANY_MAX_LENGTH);
  if (input.cardReader && input.kind !== 'new')
    throw Problem.invalid('cardReader', 'a card reader can be added to a first order only');
  const [product] = await manager.query(`SELECT partner_id FROM card_product WHERE id = $1`, [input.cardProductId]);
  if (!product) throw Problem.notFound(`Card product ${input.cardProductId}`);
  const inserted = await manager.insert(Order, {
    partnerId: product.partner_id,
    cardProductId: input.cardProductId,
    endUserId: input.endUserId,
    kind: input.kind,
    status: 'pending',
    company: input.company,
    cardReader: input.cardReader,
    renewsCardId: input.renewsCardId ?? null,
    deliveryChoice: input.delivery.choice,
    deliveryName: input.delivery.name,
    deliveryStreet: input.delivery.street,
    deliveryPostalCode: input.delivery.postalCode,
    deliveryCity: input.delivery.city,
    registeredStreet: input.registered.street,
    registeredPostalCode: input.registered.postalCode,
    registeredCity: input.registered.city,
    version: 1,
    ...(input.orderedAt ? { createdAt: input.orderedAt } : {}),
  });
  const id = inserted.identifiers[0].id as string;
  await recordAudit(manager, actor, {
    partnerId: product.partner_id,
    subjectType: 'order',
    subjectId: id,
    action: 'placed',
    changes: { kind: input.kind, company: input.company, deliveryChoice: input.delivery.choice },
    at: input.orderedAt,
  });
  const order = await manager.getRepository(Order).findOneByOrFail({ id });
  await noticeOrderPlaced(manager, outbox, order);
  return order;
}
