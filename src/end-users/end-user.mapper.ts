import type { CardStatus } from '../glossary/card-terms';
import type { PostalAddress } from '../glossary/postal-address';
import type { EndUserOrderRow } from '../orders/orders.repository';
import type { EndUserDetail, EndUserSummary } from './end-user.dto';
import type { EndUserRow, EndUserSummaryRow } from './end-users.repository';
import { isoTimestamp } from '../common/iso-timestamp';

/** The columns of a card in the partner's view of an end user (read by the cards repository). */
export interface EndUserCardColumns {
  id: string;
  serial_number: string;
  status: CardStatus;
  /** YYYY-MM-DD */
  expires_on: string;
  card_product_id: string;
}

/** The one mapping of an end-user row to the partner's EndUserSummary. */
export function toEndUserSummary(row: EndUserSummaryRow): EndUserSummary {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    nationalId: row.national_id,
    email: row.email,
    activeCards: row.active_cards,
    createdAt: isoTimestamp(row.created_at),
  };
}

/** The end user in full for the partner (national id masked in `user`), with their cards and orders, newest first. */
export function toEndUserDetail(
  user: EndUserRow,
  cards: EndUserCardColumns[],
  orders: EndUserOrderRow[],
): EndUserDetail {
  return {
    id: user.id,
    givenName: user.given_name,
    familyName: user.family_name,
    nationalId: user.national_id,
    birthDate: user.birth_date,
    email: user.email,
    phone: user.phone,
    registeredAddress: registeredAddressOf(user),
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
      orderedAt: isoTimestamp(o.created_at),
    })),
  };
}

/** The registered address of an end user: one mapping for the partner's view and the end user's profile. */
export function registeredAddressOf(
  row: Pick<EndUserRow, 'registered_street' | 'registered_postal_code' | 'registered_city'>,
): PostalAddress {
  return { street: row.registered_street, postalCode: row.registered_postal_code, city: row.registered_city };
}
