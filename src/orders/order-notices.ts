import type { EntityManager } from 'typeorm';
import type { SqlExecutor } from '../db/sql-executor';
import type { Outbox } from '../notifications/outbox';
import { OrderFacts, orderConfirmation, partnerOrderCopy, rejectionNotice } from '../notifications/notices';
import type { OrderEventData } from '../webhooks/webhook-event.dto';
import { type OrderRow, OrdersRepository } from './orders.repository';

/** What a webhook says about an order: enough to act on, the rest is one GET /v1/orders/{id} away. */
export function orderEventData(order: OrderRow): OrderEventData {
  return {
    orderId: order.id,
    orderNumber: order.order_number,
    kind: order.kind,
    status: order.status,
    cardProductId: order.card_product_id,
    company: order.company,
    orderedAt: order.created_at.toISOString(),
    ...(order.status === 'rejected' && order.rejection_reason
      ? { rejection: { reason: order.rejection_reason, message: order.rejection_message ?? '' } }
      : {}),
  };
}

interface Recipients {
  endUserEmail: string | null;
  partnerMailbox: string | null;
}

async function factsOf(tx: SqlExecutor, order: OrderRow): Promise<OrderFacts & Recipients> {
  const row = await new OrdersRepository(tx).noticeFacts(order.id);
  if (!row) throw new Error(`order ${order.id} vanished inside its own transaction`);
  return {
    orderNumber: order.order_number,
    kind: order.kind,
    givenName: row.given_name,
    familyName: row.family_name,
    partnerName: row.partner_name,
    cardProductName: row.product_name,
    company: order.company,
    cardReader: order.card_reader,
    delivery: {
      name: order.delivery_name,
      street: order.delivery_street,
      postalCode: order.delivery_postal_code,
      city: order.delivery_city,
    },
    endUserEmail: row.email,
    partnerMailbox: row.notification_email,
  };
}

/**
 * A new order: confirmation to the end user, a copy to the partner's mailbox, `order.created` to its webhooks
 * (and its event feed) always, which is how a partner without a mailbox hears of it.
 */
export async function noticeOrderPlaced(
  tx: SqlExecutor,
  manager: EntityManager,
  outbox: Outbox,
  order: OrderRow,
): Promise<void> {
  const facts = await factsOf(tx, order);
  await outbox.emailOrRecord(manager, {
    partnerId: order.partner_id,
    subject: { type: 'order', id: order.id },
    notice: 'order_confirmation',
    to: facts.endUserEmail,
    content: orderConfirmation(facts),
    missing: 'the end user has no e-mail address',
    instead: 'the order is shown on My Page',
  });
  await outbox.emailOrRecord(manager, {
    partnerId: order.partner_id,
    subject: { type: 'order', id: order.id },
    notice: 'partner_order_copy',
    to: facts.partnerMailbox,
    content: partnerOrderCopy(facts),
    missing: 'the partner has no notification mailbox (PATCH /v1/partner notificationEmail)',
    instead: 'the order.created webhook event',
  });
  await outbox.publish(manager, { partnerId: order.partner_id, type: 'order.created', data: orderEventData(order) });
}

/** A decision: the webhook event, and for a rejection the notice with the partner's reason. */
export async function noticeOrderDecided(
  tx: SqlExecutor,
  manager: EntityManager,
  outbox: Outbox,
  order: OrderRow,
): Promise<void> {
  if (order.status === 'rejected') {
    const facts = await factsOf(tx, order);
    await outbox.emailOrRecord(manager, {
      partnerId: order.partner_id,
      subject: { type: 'order', id: order.id },
      notice: 'rejection',
      to: facts.endUserEmail,
      content: rejectionNotice(facts, order.rejection_reason ?? 'other', order.rejection_message ?? ''),
      missing: 'the end user has no e-mail address',
      instead: 'the rejection and its reason are shown on My Page',
    });
  }
  await outbox.publish(manager, {
    partnerId: order.partner_id,
    type: order.status === 'rejected' ? 'order.rejected' : 'order.approved',
    data: orderEventData(order),
  });
}
