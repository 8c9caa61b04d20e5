import { Problem } from './problem';

/** Collects positional parameters for a hand-written query: `where.push(\`x = ${p.add(value)}\`)`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A pattern for ILIKE that matches the text anywhere, with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A calendar date `YYYY-MM-DD` that exists; the API reads such dates in Europe/Oslo. */
export function requireCalendarDate(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw Problem.invalid(field, 'must be a calendar date YYYY-MM-DD', 'query');
  }
  return value;
}

/** Start of an Oslo calendar day, as a timestamptz expression on the given parameter. */
export const osloDayStart = (param: string): string => `(${param}::date::timestamp AT TIME ZONE 'Europe/Oslo')`;
/** Start of the Oslo day after the given one: the exclusive end of an inclusive date range. */
export const osloDayAfter = (param: string): string => `((${param}::date + 1)::timestamp AT TIME ZONE 'Europe/Oslo')`;

/** The order-date filter of the lists and reports: two optional Oslo calendar dates, the first not after the second. */
export function requireOrderDateRange(filter: { orderedFrom?: string; orderedTo?: string }): {
  from?: string;
  to?: string;
} {
  const from = requireCalendarDate('orderedFrom', filter.orderedFrom);
  const to = requireCalendarDate('orderedTo', filter.orderedTo);
  if (from && to && from > to) throw Problem.invalid('orderedTo', 'must not be before orderedFrom', 'query');
  return { from, to };
}

/** An ISO 8601 instant from a query parameter (its form is checked by the spec's pattern); one that does not exist is refused. */
export function requireInstant(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw Problem.invalid(field, 'must be an ISO 8601 date and time that exists, e.g. 2026-11-20T09:00:00Z', 'query');
  return at;
}

/** `column` falls in the Oslo calendar month starting on the date parameter `param` (its first day). */
export const inOsloMonth = (column: string, param: string): string =>
  `${column} >= ${osloDayStart(param)} AND ${column} < ((${param}::date + interval '1 month')::timestamp AT TIME ZONE 'Europe/Oslo')`;
