/** Every scope a partner's API client can be granted, with what it allows (also shown in Swagger UI). */
export const PARTNER_SCOPES = {
  'orders:read': 'Read the orders placed on your card products',
  'orders:write': 'Correct the company field, approve and reject orders',
  'end-users:read': 'Read your end users with their cards and orders',
} as const;

export type PartnerScope = keyof typeof PARTNER_SCOPES;

export function isPartnerScope(value: string): value is PartnerScope {
  return Object.hasOwn(PARTNER_SCOPES, value);
}
