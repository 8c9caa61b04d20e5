import { escapeLiteral } from 'pg';
import { decodeCursor, encodeCursor } from './pagination';

/**
 * A listing that is answered as a JSON page or exported whole (CSV, NDJSON): the reports' read models and an
 * invoice's lines. Generic, so it lives in common/ and imports no feature.
 *
 * One report as SQL: the columns (aliased with the camelCase names the JSON, CSV and NDJSON answers all use),
 * the tables and filters, and the sort that pages and exports share. Values are inlined as escaped literals
 * because COPY takes no bind parameters; every value is validated before it gets here.
 */
export interface ReportQuery {
  columns: string;
  from: string;
  where: string[];
  /** The sort key (a timestamp or date) and the tie-breaking id, newest or soonest first. */
  sort: { key: string; id: string; direction: 'ASC' | 'DESC' };
}

export const literal = (value: string | number): string =>
  typeof value === 'number' ? String(value) : escapeLiteral(value);

/** An instant as ISO 8601 UTC text with milliseconds, as the API writes times. */
export const isoTime = (expression: string): string =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function orderBy(q: ReportQuery): string {
  return `ORDER BY ${q.sort.key} ${q.sort.direction}, ${q.sort.id} ${q.sort.direction}`;
}

/** The whole report, sorted: what CSV (inside COPY) and NDJSON stream. */
export function exportSql(q: ReportQuery): string {
  return `SELECT ${q.columns} FROM ${q.from} WHERE ${q.where.join(' AND ')} ${orderBy(q)}`;
}

/** One page after the cursor, one row more than asked so that the caller knows whether another page follows. */
export function pageSql(q: ReportQuery, limit: number, cursor?: string): string {
  const after = decodeCursor(cursor);
  const where = [...q.where];
  if (after) {
    const comparison = q.sort.direction === 'DESC' ? '<' : '>';
    where.push(
      `(${q.sort.key}, ${q.sort.id}) ${comparison} (${literal(after.at.toISOString())}::timestamptz, ${literal(after.id)}::uuid)`,
    );
  }
  return `SELECT ${q.columns}, ${q.sort.key} AS "_sortKey", ${q.sort.id} AS "_id" FROM ${q.from} WHERE ${where.join(' AND ')} ${orderBy(q)} LIMIT ${limit + 1}`;
}

/** Cuts the extra row off a page and makes the cursor from the last row kept. */
export function toReportPage<T>(
  rows: Record<string, unknown>[],
  limit: number,
): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  const data = kept.map(({ _sortKey, _id, ...row }) => row as T);
  return {
    data,
    nextCursor: more && last ? encodeCursor({ at: new Date(last._sortKey as string), id: last._id as string }) : null,
  };
}
