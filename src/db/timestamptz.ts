import { TypeOverrides, types } from 'pg';

/** pg's own parser of a timestamptz (postgres-date), for the forms this one leaves to it. */
const pgParse = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

/** Where `YYYY-MM-DD HH:MM:SS` has its digits (made once, not on every call). */
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;
const two = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);
const isDigit = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
};

/**
 * PostgreSQL's text form of a timestamptz (DateStyle ISO, PostgreSQL's default) as a Date: the same Date that pg's
 * own parser (postgres-date) makes, without its three regular expressions. An order list carries three timestamps a
 * row, and the regex parse was 3 % of the API's CPU on it. Only the common form is read here,
 * `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]` with a four-digit year from 1000; anything else (BC, infinity, a
 * seconds offset, a year of five digits) goes to postgres-date.
 */
export function parseTimestamptz(text: string): Date {
  const n = text.length;
  if (
    n < 22 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 || // space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    digit(text, 0) < 1
  )
    return pgParse(text);
  for (const at of DIGIT_POSITIONS) if (!isDigit(text, at)) return pgParse(text);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    // . then 1–6 digits; milliseconds truncated, as postgres-date's Date.UTC does
    at++;
    let scale = 100;
    const start = at;
    while (at < n && isDigit(text, at)) {
      ms += digit(text, at) * scale;
      scale /= 10;
      at++;
    }
    if (at === start || at - start > 6) return pgParse(text);
    ms = Math.floor(ms);
  }
  const sign = text.charCodeAt(at);
  if ((sign !== 43 && sign !== 45) || !isDigit(text, at + 1) || !isDigit(text, at + 2)) return pgParse(text);
  let offsetMinutes = two(text, at + 1) * 60;
  if (at + 3 === n) {
    // ±HH
  } else if (at + 6 === n && text.charCodeAt(at + 3) === 58 && isDigit(text, at + 4) && isDigit(text, at + 5))
    offsetMinutes += two(text, at + 4);
  else return pgParse(text);
  if (sign === 45) offsetMinutes = -offsetMinutes;
  const utc = Date.UTC(
    two(text, 0) * 100 + two(text, 2),
    two(text, 5) - 1,
    two(text, 8),
    two(text, 11),
    two(text, 14),
    two(text, 17),
    ms,
  );
  return new Date(utc - offsetMinutes * 60_000);
}

/** The type parsers of the API's pool: pg's, with the timestamptz one above. Per pool, not pg's global table. */
export function poolTypes(): TypeOverrides {
  const overrides = new TypeOverrides();
  overrides.setTypeParser(types.builtins.TIMESTAMPTZ, 'text', parseTimestamptz);
  return overrides;
}
