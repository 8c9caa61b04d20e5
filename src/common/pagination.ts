import { Problem } from './problem';

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
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw Problem.invalid('cursor', 'is not a cursor this API returned; start again without it', 'query');
  }
}

/**
 * Given limit + 1 rows fetched, cuts the page and makes the cursor from its last row.
 */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => CursorPosition, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(position(pageRows[pageRows.length - 1])) : null,
  };
}
