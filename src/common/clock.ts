/**
 * The time the rules see: renewal windows, expiry notices and the daily expiry job ask the clock, never
 * `new Date()` directly, so that a test can stand two months before a card's expiry without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const OSLO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/Oslo calendar date of an instant, YYYY-MM-DD. */
export function osloDate(at: Date): string {
  return OSLO_DATE.format(at);
}

/** A calendar date plus whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as PostgreSQL does. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
