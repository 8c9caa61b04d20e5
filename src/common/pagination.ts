import type { DataSource } from 'typeorm';
import { Problem } from './problem';
import { isoTimestamp } from './iso-timestamp';

/** A page of a list, newest first. */
export interface Page<T> {
  data: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Position after the last row of a page: its sort time and id, so that inserts never shift later pages. */
export interface CursorPosition {
  at: Date;
  id: string;
}

/** The upper bound, 100, is declared on the PageSize type and enforced by tsoa. */
export const DEFAULT_PAGE_SIZE = 25;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([isoTimestamp(position.at), position.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// What encodeCursor writes: ISO 8601 UTC with milliseconds, a four-digit year (PostgreSQL reads no other).
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A cursor is opaque to callers: anything but what encodeCursor wrote is the caller's 400, never the database's error. */
export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [at, id] = decoded as unknown[];
    const date = typeof at === 'string' && CURSOR_TIME.test(at) ? new Date(at) : undefined;
    if (date && !Number.isNaN(date.getTime()) && typeof id === 'string' && UUID.test(id)) return { at: date, id };
  }
  throw Problem.invalid('cursor', 'is not a cursor this API returned; start again without it', 'query');
}

/**
 * Given limit + 1 rows fetched, cuts the page and makes the cursor from its last row.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  position: (row: R) => CursorPosition,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(position(pageRows[pageRows.length - 1])) : null,
  };
}

/** One newest-first list: what to select, from where, which rows (already scoped to the caller) and the sort pair. */
export interface NewestFirstQuery {
  select: string;
  from: string;
  /** Conditions on $1…$n, n = values.length: the caller's scope. */
  where: string;
  values: unknown[];
  /** The timestamp column and the id that order the list, newest first. */
  at: string;
  id: string;
}

/** Runs a newest-first list for one page after `cursor` and maps its rows. */
export async function newestFirstPage<T>(
  dataSource: DataSource,
  query: NewestFirstQuery,
  options: { limit?: number; cursor?: string },
  map: (row: Record<string, never>) => T,
): Promise<Page<T>> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(options.cursor);
  const n = query.values.length;
  const rows = await dataSource.query<Record<string, never>[]>(
    `SELECT ${query.select}, ${query.at} AS "_at", ${query.id} AS "_id" FROM ${query.from}
      WHERE ${query.where} AND ($${n + 1}::timestamptz IS NULL OR (${query.at}, ${query.id}) < ($${n + 1}, $${n + 2}::uuid))
      ORDER BY ${query.at} DESC, ${query.id} DESC LIMIT $${n + 3}`,
    [...query.values, after?.at ?? null, after?.id ?? null, limit + 1],
  );
  return toPage(rows, limit, (row: Record<string, never>) => ({ at: row._at, id: row._id }), map);
}
