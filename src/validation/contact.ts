import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { Problem } from '../common/problem';

export const EMAIL_MAX_LENGTH = 254;

/** An e-mail address as a mail server will accept it (RFC 5321 length, a domain with a dot); stored as typed. */
export function requireEmail(field: string, value: string): string {
  if (
    typeof value !== 'string' ||
    value.length > EMAIL_MAX_LENGTH ||
    !isEmail(value, { allow_utf8_local_part: true, require_tld: true })
  ) {
    throw Problem.invalid(field, 'must be an e-mail address such as kari@example.no');
  }
  return value;
}

/**
 * A phone number, Norwegian unless it starts with + and a country code; stored in E.164 (+4791234567)
 * so that every system reading it gets one form.
 */
export function requirePhone(field: string, value: string): string {
  const parsed = typeof value === 'string' && value.length <= 32 ? parsePhoneNumberFromString(value, 'NO') : undefined;
  if (!parsed || !parsed.isValid())
    throw Problem.invalid(field, 'must be a phone number such as 912 34 567 or +46 70 123 45 67');
  return parsed.number;
}

/** Norwegian postal codes are four digits (0001–9991). */
export function requirePostalCode(field: string, value: string): string {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value) || value === '0000')
    throw Problem.invalid(field, 'must be a Norwegian postal code of four digits');
  return value;
}

// A person's name: letters of any script with their combining marks, and the space, hyphen, apostrophe and
// full stop that names contain (Åse Ødegård-Nilsen, O'Neill, Ó Súilleabháin, 山田 太郎).
const NAME = /^[\p{L}\p{M}]+(?:[ '’.-]+[\p{L}\p{M}]*)*$/u;
// An address line: letters of any script, digits and the punctuation of Norwegian addresses (Storgata 1 B, H0101).
const ADDRESS_LINE = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’.,/-]*$/u;

export function requirePersonName(field: string, value: string, maxLength = 200): string {
  if (typeof value !== 'string' || value.length > maxLength || !NAME.test(value)) {
    throw Problem.invalid(field, 'must be a name of letters, spaces, hyphens and apostrophes');
  }
  return value;
}

export function requireAddressLine(field: string, value: string, maxLength = 200): string {
  if (typeof value !== 'string' || value.length > maxLength || !ADDRESS_LINE.test(value)) {
    throw Problem.invalid(field, "must be an address of letters, digits, spaces and . , - / '");
  }
  return value;
}
