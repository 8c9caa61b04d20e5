/**
 * Working days in Norway: Monday to Friday, except the public holidays (helligdager) of the Act on public holidays:
 * 1 January, Maundy Thursday, Good Friday, Easter Monday, 1 May, Ascension Day, 17 May, Whit Monday, 25 and 26
 * December (Easter Sunday and Whit Sunday fall on Sundays anyway). The approvers of hospitals and municipalities do
 * not work on those days: counting them would remind a partner, after Easter, of an order that waited one working day.
 * Pure functions on calendar dates (YYYY-MM-DD, Europe/Oslo), unit-tested.
 */

/** Easter Sunday of a year (the anonymous Gregorian algorithm), as a UTC date. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plusDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

const holidayCache = new Map<number, Set<string>>();

/** The Norwegian public holidays of a year, YYYY-MM-DD. */
export function norwegianPublicHolidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const holidays = new Set([
    `${year}-01-01`,
    `${year}-05-01`,
    `${year}-05-17`,
    `${year}-12-25`,
    `${year}-12-26`,
    ...[-3, -2, 1, 39, 50].map((offset) => iso(plusDays(easter, offset))),
  ]);
  holidayCache.set(year, holidays);
  return holidays;
}

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function isWorkingDay(date: string): boolean {
  const day = parse(date).getUTCDay();
  return day !== 0 && day !== 6 && !norwegianPublicHolidays(Number(date.slice(0, 4))).has(date);
}

/** The whole working days an order placed on `orderedOn` has waited by `today`: those strictly between the two dates. */
export function workingDaysWaited(orderedOn: string, today: string): number {
  let count = 0;
  for (let day = plusDays(parse(orderedOn), 1); iso(day) < today; day = plusDays(day, 1))
    if (isWorkingDay(iso(day))) count++;
  return count;
}

/**
 * Is an order placed on `orderedOn` overdue on `today` under a threshold of `threshold` working days? When it has
 * waited at least that many whole working days: placed on a Monday with the default 3, it has waited Tuesday,
 * Wednesday and Thursday and is in Friday's digest.
 */
export function isOverdue(orderedOn: string, today: string, threshold: number): boolean {
  return workingDaysWaited(orderedOn, today) >= threshold;
}
