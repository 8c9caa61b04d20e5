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
