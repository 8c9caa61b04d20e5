import { createHmac } from 'node:crypto';
import { hasValidCheckDigits } from '../validation/national-id';

/**
 * What partners see of a national identity number: the six birth-date digits (DDMMYY, with D-number and
 * synthetic offsets as they are) and the five personal digits hidden, `141285*****`. A partner needs the
 * birth date to tell two namesakes apart, not the number, which is a key to the person everywhere else.
 */
export const NATIONAL_ID_MASK = '*****';

/** `14128512345` → `141285*****`. The one masking rule; `maskedNationalIdSql` is the same rule in SQL. */
export function maskNationalId(nationalId: string): string {
  return `${nationalId.slice(0, 6)}${NATIONAL_ID_MASK}`;
}

/** The same rule as `maskNationalId`, as a SQL expression: for queries and COPY exports that never pass through JS. */
export function maskedNationalIdSql(column: string): string {
  return `(left(${column}, 6) || '${NATIONAL_ID_MASK}')`;
}

/** Every 11-digit run with valid check digits, i.e. every whole national identity number in a text. */
const WHOLE_NUMBER = /(?<!\d)\d{11}(?!\d)/g;

/** A text with every whole national identity number in it masked (for stored copies of answers). */
export function maskNationalIdsIn(text: string): string {
  return text.replace(WHOLE_NUMBER, (digits) => (hasValidCheckDigits(digits) ? maskNationalId(digits) : digits));
}

/**
 * The keyed hash under which a national identity number is filed for lookup (idempotency keys of end users,
 * and any future roster match). A plain SHA-256 of an 11-digit number is reversed by trying the few hundred
 * million valid numbers; HMAC-SHA-256 under NATIONAL_ID_HASH_KEY cannot be without the key.
 */
export class NationalIdHasher {
  constructor(private readonly key: string) {}

  hash(nationalId: string): string {
    return createHmac('sha256', this.key).update(nationalId, 'utf8').digest('hex');
  }
}
