/** Every scope a partner's API client can be granted, with what it allows (also shown in Swagger UI). */
export const PARTNER_SCOPES = {
  'orders:read': 'Read the orders placed on your card products',
  'orders:write': 'Correct the company field, approve and reject orders',
  'end-users:read': 'Read your end users with their cards and orders',
  'partner:write': 'Set your notification mailbox',
  'webhooks:manage': 'Register, rotate, test and delete webhook endpoints and read their deliveries',
  'reports:read': 'Read and export the reports',
  'invoices:read': 'Read your invoices and export their lines',
  'card-readers:order': 'Order card readers for your own stock and follow those orders',
  'powers-of-attorney:manage': 'Hand over, list and download your powers of attorney',
  'events:read': 'Read the events feed (the webhook events, for systems that cannot receive webhooks)',
  'credentials:manage': 'List, create and revoke your API clients, their public keys and secrets',
  'roster:manage':
    'Provision your staff roster over SCIM 2.0 (/scim/v2), read it, manage SCIM tokens and revoke the cards of leavers',
} as const;

/** The issuer's own staff and production line; granted only to operator clients, never to a partner's. */
export const OPERATOR_SCOPE = 'operator';

export type PartnerScope = keyof typeof PARTNER_SCOPES;

export function isPartnerScope(value: string): value is PartnerScope {
  return Object.hasOwn(PARTNER_SCOPES, value);
}
