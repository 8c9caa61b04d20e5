const DAY_MS = 86_400_000;
/** 1000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: the years written here; the rest go to toISOString. */
const FIRST_MS = -30_610_224_000_000;
const END_MS = 253_402_300_800_000;
const [ZERO, DASH, T, COLON, DOT, Z] = [48, 45, 84, 58, 46, 90];
/** The character codes of a number's tens and ones digits (0–99). */
const tens = (n: number): number => ZERO + Math.floor(n / 10);
const ones = (n: number): number => ZERO + (n % 10);

/**
 * `date.toISOString()`, the very same text, in a third of the time: V8's own takes about 0.4 µs (a call into the
 * runtime), and an order page writes some 60 timestamps (the DTO mappers use this one). The calendar date comes
 * from the day number by Hinnant's days-to-civil algorithm; years outside 1000–9999, and an invalid date, go to
 * `toISOString` itself.
 */
export function isoTimestamp(date: Date): string {
  const ms = date.getTime();
  if (!(ms >= FIRST_MS && ms < END_MS)) return date.toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // https://howardhinnant.github.io/date_algorithms.html#civil_from_days: eras of 400 years from 0000-03-01
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const millisBelowHundred = millis % 100;
  // The 24 characters made into one string at once: joined with +, the pieces made ten strings on the way
  // (17 KB an order page for the garbage collector, by npm run bench:allocations).
  // prettier-ignore
  return String.fromCharCode(
    tens(century), ones(century), tens(yearOfCentury), ones(yearOfCentury), DASH, tens(month), ones(month), DASH,
    tens(day), ones(day), T, tens(hours), ones(hours), COLON, tens(minutes), ones(minutes), COLON,
    tens(seconds), ones(seconds), DOT, ZERO + Math.floor(millis / 100), tens(millisBelowHundred),
    ones(millisBelowHundred), Z,
  );
}

/** `isoTimestamp`, or null for no date (a nullable column). */
export const isoTimestampOrNull = (date: Date | null): string | null => (date ? isoTimestamp(date) : null);
