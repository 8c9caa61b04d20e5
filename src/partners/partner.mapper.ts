import type { PartnerProfile } from './partner.dto';
import type { PartnerRow } from './partners.repository';

/** A partner as GET and PATCH /v1/partner answer it; the address only once one is set. */
export function toPartnerProfile(row: PartnerRow): PartnerProfile {
  return {
    id: row.id,
    name: row.name,
    organisationNumber: row.organisation_number,
    notificationEmail: row.notification_email,
    ...(row.street && row.postal_code && row.city
      ? { address: { street: row.street, postalCode: row.postal_code, city: row.city } }
      : {}),
  };
}
