import { registeredAddressOf } from '../end-users/end-user.mapper';
import type { EndUserRow } from '../end-users/end-users.repository';
import type { MyProfile } from './self-service.dto';

/** The one mapping of the end user's own row (national id whole: it is theirs) to MyProfile. */
export function toMyProfile(row: EndUserRow): MyProfile {
  return {
    nationalId: row.national_id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    email: row.email,
    phone: row.phone,
    registeredAddress: registeredAddressOf(row),
  };
}
