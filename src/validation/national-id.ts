/**
 * Norwegian national identity numbers (fødselsnummer and D-nummer): 11 digits, DDMMYY + individual number
 * (3 digits) + two mod-11 check digits. A D-nummer adds 4 to the first digit. Synthetic test numbers
 * (as issued by the Norwegian Tax Administration's test registry) add 80 to the month.
 */
const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const rest = 11 - (sum % 11);
  if (rest === 11) return 0;
  if (rest === 10) return undefined;
  return rest;
}

/** Appends the two check digits to nine digits; undefined when that individual number has no valid checksum. */
export function withCheckDigits(nine: string): string | undefined {
  const digits = [...nine].map(Number);
  const k1 = checkDigit(digits, WEIGHTS_1);
  if (k1 === undefined) return undefined;
  const k2 = checkDigit([...digits, k1], WEIGHTS_2);
  if (k2 === undefined) return undefined;
  return `${nine}${k1}${k2}`;
}

export function hasValidCheckDigits(id: string): boolean {
  return /^\d{11}$/.test(id) && withCheckDigits(id.slice(0, 9)) === id;
}

/** A synthetic fødselsnummer for the given birth date, made deterministic by `seed` (demo data and tests). */
export function syntheticNationalId(birthDate: string, seed: number): string {
  const [year, month, day] = birthDate.split('-').map(Number);
  const dd = String(day).padStart(2, '0');
  const mm = String(month + 80).padStart(2, '0');
  const yy = String(year % 100).padStart(2, '0');
  // Individual numbers 000–499 are born 1900–1999; 500–999 are born 2000–2039.
  const base = year >= 2000 ? 500 : 0;
  for (let attempt = 0; attempt < 500; attempt++) {
    const individual = String(base + ((seed * 7 + attempt) % 500)).padStart(3, '0');
    const id = withCheckDigits(`${dd}${mm}${yy}${individual}`);
    if (id) return id;
  }
  throw new Error(`no valid national id for ${birthDate}`);
}

export type NationalIdKind = 'fødselsnummer' | 'd-nummer';

export interface ParsedNationalId {
  kind: NationalIdKind;
  /** YYYY-MM-DD */
  birthDate: string;
  /** A test number from the Tax Administration's synthetic registry (month + 80). */
  synthetic: boolean;
}

/** Why a national identity number is refused, in words for the person who typed it. */
export type NationalIdRefusal = { refused: string };

/** The century from the individual number (digits 7–9) and the two-digit year, as the registry assigns them. */
function birthYear(yy: number, individual: number): number | undefined {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return undefined;
}

/**
 * Reads a fødselsnummer or D-nummer: both check digits, a real calendar date, D-nummer's first digit +4.
 * H-numbers (month + 40, assigned by health services for people without a number) are refused: they do
 * not identify a person in the population registry.
 */
export function parseNationalId(
  value: string,
  options: { allowSynthetic: boolean },
): ParsedNationalId | NationalIdRefusal {
  if (!/^\d{11}$/.test(value)) return { refused: 'must be 11 digits' };
  if (!hasValidCheckDigits(value)) return { refused: 'has wrong check digits' };
  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  const kind: NationalIdKind = day > 40 ? 'd-nummer' : 'fødselsnummer';
  if (kind === 'd-nummer') day -= 40;
  let synthetic = false;
  if (month > 80) {
    synthetic = true;
    month -= 80;
  } else if (month > 40) {
    return { refused: 'is an H-number, which is not accepted' };
  }
  if (synthetic && !options.allowSynthetic) return { refused: 'is a synthetic test number' };
  const year = birthYear(Number(value.slice(4, 6)), Number(value.slice(6, 9)));
  if (year === undefined) return { refused: 'has an individual number that does not fit its year' };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { refused: 'does not start with a real date' };
  }
  return { kind, birthDate: date.toISOString().slice(0, 10), synthetic };
}

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The youngest age at which a person may hold an eID on a smartcard. */
export const MINIMUM_AGE = 13;
