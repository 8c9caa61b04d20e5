import type { EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit';
import type { Outbox } from '../notifications/outbox';
import { NoticeText, OrderFacts, orderConfirmation, partnerOrderCopy, rejectionNotice } from '../notifications/notices';
import type { OrderEventData } from '../webhooks/webhook-event.dto';
import type { RejectionReason } from './order.dto';
import type { Order } from './order.entity';

/** What a webhook says about an order: enough to act on, the rest is one GET /v1/orders/{id} away. */
export function orderEventData(order: Order): OrderEventData {
  return {
    orderId: order.id,
    orderNumber: order.orderNumber,
    kind: order.kind,
    status: order.status,
    cardProductId: order.cardProductId,
    company: order.company,
    orderedAt: order.createdAt.toISOString(),
    ...(order.status === 'rejected'
      ? { rejection: { reason: order.rejectionReason as RejectionReason, message: order.rejectionMessage ?? '' } }
      : {}),
  };
}

interface Recipients {
  endUserEmail: string | null;
  partnerMailbox: string | null;
}

async function factsOf(manager: EntityManager, order: Order): Promise<OrderFacts & Recipients> {
  const [row] = await manager.query(
    `SELECT u.given_name, u.family_name, u.email, p.name AS partner_name, p.notification_email, cp.name AS product_name
       FROM end_user u, partner p, card_product cp
      WHERE u.id = $1 AND p.id = $2 AND cp.id = $3`,
    [order.endUserId, order.partnerId, order.cardProductId],
  );
  return {
    orderNumber: order.orderNumber,
    kind: order.kind,
    givenName: row.given_name,
    familyName: row.family_name,
    partnerName: row.partner_name,
    cardProductName: row.product_name,
    company: order.company,
    cardReader: order.cardReader,
    delivery: {
      name: order.deliveryName,
      street: order.deliveryStreet,
      postalCode: order.deliveryPostalCode,
      city: order.deliveryCity,
    },
    endUserEmail: row.email,
    partnerMailbox: row.notification_email,
  };
}

/**
 * A notice about an order: e-mailed when there is an address (the sender records `notice_sent` in the order's
 * history once the mail server took it); otherwise recorded there now as `notice_not_sent`, with why and what
 * told the recipient instead, so that no notice is lost without a trace.
 */
async function noticeOrRecord(
  manager: EntityManager,
  outbox: Outbox,
  order: Order,
  notice: { notice: string; to: string | null; content: NoticeText; missing: string; instead: string },
): Promise<void> {
  if (notice.to) {
    await outbox.email(manager, {
      partnerId: order.partnerId,
      subjectId: order.id,
      notice: notice.notice,
      to: notice.to,
      content: notice.content,
    });
    return;
  }
  await recordAudit(
    manager,
    { type: 'system', id: 'notices' },
    {
      partnerId: order.partnerId,
      subjectType: 'order',
      subjectId: order.id,
      action: 'notice_not_sent',
      changes: { notice: notice.notice, reason: notice.missing, instead: notice.instead },
    },
  );
}

/**
 * A new order: confirmation to the end user, a copy to the partner's mailbox, `order.created` to its webhooks
 * (and its event feed) always, which is how a partner without a mailbox hears of it.
 */
export async function noticeOrderPlaced(manager: EntityManager, outbox: Outbox, order: Order): Promise<void> {
  const facts = await factsOf(manager, order);
  await noticeOrRecord(manager, outbox, order, {
    notice: 'order_confirmation',
    to: facts.endUserEmail,
    content: orderConfirmation(facts),
    missing: 'the end user has no e-mail address',
    instead: 'the order is shown on My Page',
  });
  await noticeOrRecord(manager, outbox, order, {
    notice: 'partner_order_copy',
    to: facts.partnerMailbox,
    content: partnerOrderCopy(facts),
    missing: 'the partner has no notification mailbox (PATCH /v1/partner notificationEmail)',
    instead: 'the order.created webhook event',
  });
  await outbox.publish(manager, { partnerId: order.partnerId, type: 'order.created', data: orderEventData(order) });
}

/** A decision: the webhook event, and for a rejection the notice with the partner's reason. */
export async function noticeOrderDecided(manager: EntityManager, outbox: Outbox, order: Order): Promise<void> {
  if (order.status === 'rejected') {
    const facts = await factsOf(manager, order);
    await noticeOrRecord(manager, outbox, order, {
      notice: 'rejection',
      to: facts.endUserEmail,
      content: rejectionNotice(facts, order.rejectionReason ?? 'other', order.rejectionMessage ?? ''),
      missing: 'the end user has no e-mail address',
      instead: 'the rejection and its reason are shown on My Page',
    });
  }
  await outbox.publish(manager, {
    partnerId: order.partnerId,
    type: order.status === 'rejected' ? 'order.rejected' : 'order.approved',
    data: orderEventData(order),
  });
}
