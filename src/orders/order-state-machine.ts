import type { DataSource, EntityManager } from 'typeorm';
import { Actor, recordAudit } from '../audit/audit';
import { CardsRepository } from '../cards/cards.repository';
import { Problem } from '../common/problem';
import { inTransaction, type SqlExecutor, transactionExecutor } from '../db/sql-executor';
import type { Outbox } from '../notifications/outbox';
import { COMPANY_MAX_LENGTH, requireSingleLineText } from '../validation/text';
import { noticeOrderDecided, noticeOrderPlaced } from './order-notices';
import {
  auditChangesOf,
  fieldChangesOf,
  OrderChange,
  OrderFieldChanges,
  requireTransition,
  validateChange,
} from './order-transitions';
import { OrderRow, OrdersRepository } from './orders.repository';

export type { OrderChange } from './order-transitions';

/**
 * The order state machine: the only module that changes an order's status or its company field (the rules, and
 * the picture of the states, are in `order-transitions.ts`). Each change runs in one transaction that locks the
 * order row, checks the transition, applies it and writes its audit event and its notices (outbox); so of two
 * racing requests exactly one wins and the other sees the new state, and a notice goes out if and only if its
 * change committed.
 */
export interface TransitionRequest {
  orderId: string;
  /** The partner the caller acts for: an order of another partner is "not found". */
  partnerId: string;
  actor: Actor;
  /** From If-Match: the version the caller last saw; a different current version answers 412. */
  expectedVersion?: number;
  change: OrderChange;
}

export async function transitionOrder(
  dataSource: DataSource,
  outbox: Outbox,
  request: TransitionRequest,
): Promise<OrderRow> {
  const change = validateChange(request.change);
  return inTransaction(dataSource, (tx, manager) => transitionOrderWithin(tx, manager, outbox, { ...request, change }));
}

/**
 * The same transition in the caller's transaction: an approval policy decides in the transaction that places the
 * order (src/roster/), so the order and the policy's decision commit together or not at all.
 */
export async function transitionOrderWithin(
  tx: SqlExecutor,
  manager: EntityManager,
  outbox: Outbox,
  request: TransitionRequest,
): Promise<OrderRow> {
  const change = validateChange(request.change);
  const orders = new OrdersRepository(tx);
  const order = await orders.lockOfPartner(request.orderId, request.partnerId);
  if (!order) throw Problem.notFound(`Order ${request.orderId}`);
  requireTransition(
    { orderNumber: order.order_number, status: order.status, version: order.version },
    change.action,
    request.expectedVersion,
  );
  const changes: OrderFieldChanges = fieldChangesOf(change, new Date());
  // Approval sends the order to production: its card exists from the moment the approval commits.
  if (change.action === 'approved') await new CardsRepository(tx).insertInProduction(order);
  const changed = await orders.writeFields(order, changes);
  await recordAudit(tx, request.actor, {
    partnerId: order.partner_id,
    subjectType: 'order',
    subjectId: order.id,
    action: change.action,
    changes: auditChangesOf(
      {
        company: order.company,
        status: order.status,
        rejectionReason: order.rejection_reason,
        rejectionMessage: order.rejection_message,
      },
      changes,
    ),
  });
  if (change.action !== 'company_corrected') await noticeOrderDecided(tx, manager, outbox, changed);
  return changed;
}

/** What an end user submits when ordering; the addresses are as chosen and as registered at that moment. */
export interface NewOrder {
  cardProductId: string;
  endUserId: string;
  kind: OrderRow['kind'];
  company: string;
  cardReader: boolean;
  renewsCardId?: string | null;
  delivery: { choice: OrderRow['delivery_choice']; name: string; street: string; postalCode: string; city: string };
  registered: { street: string; postalCode: string; city: string };
  /** Only for loading historic demo data: the order date. */
  orderedAt?: Date;
}

/**
 * The entry into the state machine: a new order, pending the partner's decision. Runs on the caller's transaction
 * (its EntityManager), which may hold other work, such as the end user's row.
 */
export async function placeOrder(
  manager: EntityManager,
  outbox: Outbox,
  input: NewOrder,
  actor: Actor,
): Promise<OrderRow> {
  requireSingleLineText('company', input.company, COMPANY_MAX_LENGTH);
  if (input.cardReader && input.kind !== 'new')
    throw Problem.invalid('cardReader', 'a card reader can be added to a first order only');
  const tx: SqlExecutor = transactionExecutor(manager);
  const order = await new OrdersRepository(tx).insert({
    ...input,
    renewsCardId: input.renewsCardId ?? null,
    orderedAt: input.orderedAt ?? null,
  });
  if (!order) throw Problem.notFound(`Card product ${input.cardProductId}`);
  await recordAudit(tx, actor, {
    partnerId: order.partner_id,
    subjectType: 'order',
    subjectId: order.id,
    action: 'placed',
    changes: { kind: input.kind, company: input.company, deliveryChoice: input.delivery.choice },
    at: input.orderedAt,
  });
  await noticeOrderPlaced(tx, manager, outbox, order);
  return order;
}
