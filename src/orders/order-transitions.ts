import { Problem } from '../common/problem';
import {
  COMPANY_MAX_LENGTH,
  REJECTION_MESSAGE_MAX_LENGTH,
  requireMultiLineText,
  requireSingleLineText,
} from '../validation/text';
import type { RejectionReason } from './order.dto';
import type { OrderStatus } from '../glossary/order-terms';

/**
 * The rules of the order state machine, without the database: which change is allowed from which status, what a
 * change sets and what its audit record says. `order-state-machine.ts` applies them in one transaction.
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

export const ALLOWED_FROM: Readonly<Record<OrderChange['action'], readonly OrderStatus[]>> = {
  company_corrected: ['pending'],
  approved: ['pending'],
  rejected: ['pending'],
};

/** The fields of an order a change may set, by their names in the API and in the audit record. */
export interface OrderFields {
  company: string;
  status: OrderStatus;
  rejectionReason: RejectionReason | null;
  rejectionMessage: string | null;
}

/** What a change sets: some of the fields, and the decision time for a decision. */
export interface OrderFieldChanges {
  company?: string;
  status?: OrderStatus;
  rejectionReason?: RejectionReason;
  rejectionMessage?: string;
  decidedAt?: Date;
}

/** The change with its free text checked (the problem names the field); the text is kept exactly as sent. */
export function validateChange(change: OrderChange): OrderChange {
  if (change.action === 'company_corrected') {
    return { ...change, company: requireSingleLineText('company', change.company, COMPANY_MAX_LENGTH) };
  }
  if (change.action === 'rejected') {
    return { ...change, message: requireMultiLineText('message', change.message, REJECTION_MESSAGE_MAX_LENGTH) };
  }
  return change;
}

/**
 * Refuses a change the order's state does not allow: 412 when the caller saw another version (If-Match),
 * 409 `order-not-pending` when the status does not allow the action.
 */
export function requireTransition(
  order: { orderNumber: string; status: OrderStatus; version: number },
  action: OrderChange['action'],
  expectedVersion?: number,
): void {
  if (expectedVersion !== undefined && expectedVersion !== order.version) {
    throw new Problem(
      'precondition-failed',
      `Order ${order.orderNumber} is at version ${order.version}, not ${expectedVersion}: read it again and decide on what it says now.`,
    );
  }
  if (!ALLOWED_FROM[action].includes(order.status)) {
    throw new Problem(
      'order-not-pending',
      `Order ${order.orderNumber} is ${order.status}; only a pending order can be changed.`,
    );
  }
}

/** The field values a change sets; `now` is the decision time of an approval or rejection. */
export function fieldChangesOf(change: OrderChange, now: Date): OrderFieldChanges {
  switch (change.action) {
    case 'company_corrected':
      return { company: change.company };
    case 'approved':
      return { status: 'approved', decidedAt: now };
    case 'rejected':
      return { status: 'rejected', rejectionReason: change.reason, rejectionMessage: change.message, decidedAt: now };
  }
}

/** The audit record's `changes`: each field set, from what it was to what it is (the decision time is the event's). */
export function auditChangesOf(
  before: OrderFields,
  changes: OrderFieldChanges,
): Record<string, { from: unknown; to: unknown }> {
  const audited: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(changes)) {
    if (field === 'decidedAt') continue;
    audited[field] = { from: before[field as keyof OrderFields] ?? null, to };
  }
  return audited;
}
