import type { AuditHistoryRow } from '../audit/audit.repository';
import type { DeliveryAddress, OrderDetail, OrderHistoryEntry, OrderSummary } from './order.dto';
import type { OrderDeliveryColumns, OrderDetailRow, OrderSummaryRow } from './orders.repository';
import { isoTimestamp, isoTimestampOrNull } from '../common/iso-timestamp';

/** The one mapping of an order row to the partner's OrderSummary (the order list: one object per row, no more). */
export function toOrderSummary(row: OrderSummaryRow): OrderSummary {
  return {
    id: row.id,
    orderNumber: row.order_number,
    kind: row.kind,
    status: row.status,
    orderedAt: isoTimestamp(row.created_at),
    company: row.company,
    cardReader: row.card_reader,
    cardProduct: { id: row.card_product_id, name: row.card_product_name },
    endUser: { id: row.end_user_id, name: row.end_user_name },
    card: row.card_id
      ? {
          id: row.card_id,
          serialNumber: row.serial_number,
          status: row.card_status,
          expiresOn: row.card_expires_on,
          ...(row.card_shipped_at ? { shippedAt: isoTimestamp(row.card_shipped_at) } : {}),
          ...(row.card_tracking_number ? { trackingNumber: row.card_tracking_number } : {}),
          ...(row.card_activated_at ? { activatedAt: isoTimestamp(row.card_activated_at) } : {}),
        }
      : undefined,
  };
}

/** The order in full, with its history (oldest first). */
export function toOrderDetail(row: OrderDetailRow, history: AuditHistoryRow[]): OrderDetail {
  return {
    ...toOrderSummary(row),
    deliveryAddress: deliveryAddressOf(row),
    registeredAddress: {
      street: row.registered_street,
      postalCode: row.registered_postal_code,
      city: row.registered_city,
    },
    endUserDetails: {
      id: row.end_user_id,
      givenName: row.given_name,
      familyName: row.family_name,
      nationalId: row.national_id,
      birthDate: row.birth_date,
      email: row.email,
      phone: row.phone,
    },
    renewsCardId: row.renews_card_id,
    rejection: row.rejection_reason
      ? { reason: row.rejection_reason, message: row.rejection_message ?? '' }
      : undefined,
    decidedAt: isoTimestampOrNull(row.decided_at),
    version: row.version,
    history: history.map(toOrderHistoryEntry),
  };
}

function toOrderHistoryEntry(h: AuditHistoryRow): OrderHistoryEntry {
  return {
    at: isoTimestamp(h.occurred_at),
    action: h.action,
    // End users are not named to the partner by id in the history; the order names them already.
    by: h.actor_type === 'api_client' ? h.actor_id : h.actor_type === 'end_user' ? 'end-user' : h.actor_type,
    changes: h.changes,
  };
}

/** The delivery address of an order as chosen: one mapping for the partner's and the end user's views. */
export function deliveryAddressOf(row: OrderDeliveryColumns): DeliveryAddress {
  return {
    choice: row.delivery_choice,
    name: row.delivery_name,
    street: row.delivery_street,
    postalCode: row.delivery_postal_code,
    city: row.delivery_city,
  };
}
