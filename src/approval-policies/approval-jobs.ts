import type { DataSource } from 'typeorm';
import { Clock, osloDate } from '../common/clock';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import type { Outbox } from '../notifications/outbox';
import { transitionOrder } from '../orders/order-state-machine';
import { OrdersRepository, PendingOrderRow } from '../orders/orders.repository';
import { PartnersRepository } from '../partners/partners.repository';
import { DEFAULT_REMINDER_AFTER_WORKING_DAYS } from './approval-policy.mapper';
import { ApprovalPolicyRepository, ApprovalPolicyRow } from './approval-policy.repository';
import { reminderDigest } from './reminder-digest';
import { isOverdue, isWorkingDay, workingDaysWaited } from './working-days';

export interface ApprovalPoliciesRun {
  /** Orders rejected by an `autoReject` policy. */
  rejected: number;
  /** Partners sent a reminder digest (and `orders.overdue`) today. */
  reminded: number;
  /** Orders in those digests. */
  overdue: number;
}

const DAY_MS = 86_400_000;

/**
 * The approval policies' daily job (07:00 Oslo): first the automatic rejections of orders pending longer than their
 * policy's `autoReject.afterDays` (calendar days, through the state machine with the policy as the actor, each in
 * its own transaction), then, on working days, one reminder digest per partner of the orders still pending at least
 * its threshold of working days, with the `orders.overdue` event. Safe to run twice: a decided order is not pending
 * any more, and a partner's digest of a day is claimed once (`pending_reminder`) in the transaction that writes it.
 */
export async function runApprovalPolicies(
  dataSource: DataSource,
  outbox: Outbox,
  clock: Clock,
): Promise<ApprovalPoliciesRun> {
  const now = clock.now();
  const today = osloDate(now);
  const sql = poolExecutor(dataSource);
  const policies = new Map((await new ApprovalPolicyRepository(sql).all()).map((p) => [p.card_product_id, p]));
  const pending = await new OrdersRepository(sql).pendingPlacedBefore(new Date(now.getTime() - DAY_MS));

  const stillPending: PendingOrderRow[] = [];
  let rejected = 0;
  for (const order of pending) {
    const policy = policies.get(order.card_product_id);
    if (policy && dueForRejection(order, policy, now)) {
      if (await rejectByPolicy(dataSource, outbox, order, policy)) rejected++;
    } else {
      stillPending.push(order);
    }
  }

  if (!isWorkingDay(today)) return { rejected, reminded: 0, overdue: 0 };
  const overdueByPartner = new Map<string, PendingOrderRow[]>();
  for (const order of stillPending) {
    const threshold =
      policies.get(order.card_product_id)?.reminder_after_working_days ?? DEFAULT_REMINDER_AFTER_WORKING_DAYS;
    if (!isOverdue(osloDate(order.created_at), today, threshold)) continue;
    overdueByPartner.set(order.partner_id, [...(overdueByPartner.get(order.partner_id) ?? []), order]);
  }
  if (overdueByPartner.size === 0) return { rejected, reminded: 0, overdue: 0 };
  const partnerRows = new PartnersRepository(sql);
  const partners = [];
  for (const id of overdueByPartner.keys()) {
    const partner = await partnerRows.findById(id);
    if (partner) partners.push(partner);
  }
  let reminded = 0;
  let overdue = 0;
  for (const partner of partners) {
    const orders = overdueByPartner.get(partner.id) ?? [];
    const sent = await inTransaction(dataSource, async (tx, manager) => {
      if (!(await new ApprovalPolicyRepository(tx).claimReminder(partner.id, today, orders.length))) return false;
      const facts = orders.map((o) => ({
        order: o,
        orderedOn: osloDate(o.created_at),
        workingDaysPending: workingDaysWaited(osloDate(o.created_at), today),
      }));
      if (partner.notification_email)
        await outbox.email(manager, {
          notice: 'pending_reminder',
          to: partner.notification_email,
          partnerId: partner.id,
          content: reminderDigest(
            partner.name,
            today,
            facts.map((f) => ({
              orderNumber: f.order.order_number,
              endUserName: f.order.end_user_name,
              company: f.order.company,
              orderedOn: f.orderedOn,
              workingDaysPending: f.workingDaysPending,
            })),
          ),
        });
      await outbox.publish(manager, {
        partnerId: partner.id,
        type: 'orders.overdue',
        data: {
          date: today,
          orders: facts.slice(0, 1000).map((f) => ({
            orderId: f.order.id,
            orderNumber: f.order.order_number,
            cardProductId: f.order.card_product_id,
            orderedAt: f.order.created_at.toISOString(),
            workingDaysPending: f.workingDaysPending,
          })),
        },
      });
      return true;
    });
    if (sent) {
      reminded++;
      overdue += orders.length;
    }
  }
  return { rejected, reminded, overdue };
}

function dueForRejection(order: PendingOrderRow, policy: ApprovalPolicyRow, now: Date): boolean {
  return (
    policy.reject_after_days !== null &&
    policy.rejection_message !== null &&
    order.created_at.getTime() + policy.reject_after_days * DAY_MS <= now.getTime()
  );
}

/** Rejects through the state machine with the policy as the actor; false when someone decided first. */
async function rejectByPolicy(
  dataSource: DataSource,
  outbox: Outbox,
  order: PendingOrderRow,
  policy: ApprovalPolicyRow,
): Promise<boolean> {
  try {
    await transitionOrder(dataSource, outbox, {
      orderId: order.id,
      partnerId: order.partner_id,
      actor: { type: 'approval_policy', id: `auto-reject:${order.card_product_id}` },
      change: { action: 'rejected', reason: 'other', message: policy.rejection_message ?? '' },
    });
    return true;
  } catch (error) {
    if (error instanceof Problem && error.code === 'order-not-pending') return false;
    throw error;
  }
}
