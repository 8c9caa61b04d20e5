import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import type { Pool, PoolClient } from 'pg';
import { withoutTimeouts } from '../db/database-unavailable';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { poolExecutor } from '../db/sql-executor';
import { Problem } from './problem';
import { exportSql, pageSql, type ReportQuery, toReportPage } from './report-query';

/** json: a page; csv and ndjson: the whole report, streamed. @example "csv" */
export type ReportFormat = 'json' | 'csv' | 'ndjson';

export const CSV_TYPE = 'text/csv';
export const NDJSON_TYPE = 'application/x-ndjson';

/** `format=` wins; otherwise the Accept header picks CSV or NDJSON; otherwise a JSON page. */
export function reportFormat(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (format) return format;
  const wanted = (accept ?? '').toLowerCase();
  if (wanted.includes(CSV_TYPE)) return 'csv';
  if (wanted.includes(NDJSON_TYPE)) return 'ndjson';
  return 'json';
}

// U+FEFF: a byte-order mark, so that Excel reads the CSV as UTF-8 and shows æ, ø and å.
const BOM = '\uFEFF';

/** Types whose text can never begin a formula (numbers, dates, times, booleans, ids): written as they are. */
const NOT_TEXT = new Set([16, 20, 21, 23, 700, 701, 1700, 1082, 1114, 1184, 2950]);

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The COPY of a report for spreadsheets: every text column through csv_safe_cell (a cell beginning with =, +,
 * -, @, tab or CR gets a leading ', OWASP's CSV-injection advice) and always quoted (FORCE_QUOTE), so that a
 * spreadsheet reads it as text. The columns and their types come from the query itself (a LIMIT 0 run), so
 * every report and every column a report gains later is covered without a list to keep. Exported for the
 * benchmark, whose psql runs this very statement.
 */
export async function safeCsvCopy(client: PoolClient, sql: string): Promise<string> {
  const { fields } = await client.query(`SELECT * FROM (${sql}) report LIMIT 0`);
  const text = fields.filter((f) => !NOT_TEXT.has(f.dataTypeID)).map((f) => quoteIdent(f.name));
  const columns = fields.map((f) => {
    const column = quoteIdent(f.name);
    return NOT_TEXT.has(f.dataTypeID) ? column : `csv_safe_cell(${column}::text) AS ${column}`;
  });
  const forceQuote = text.length ? `, FORCE_QUOTE (${text.join(', ')})` : '';
  return `COPY (SELECT ${columns.join(', ')} FROM (${sql}) report) TO STDOUT WITH (FORMAT csv, HEADER true${forceQuote})`;
}

/**
 * Streams the whole report to the response in constant memory: CSV straight from PostgreSQL's COPY (the
 * database formats and quotes; we only pass bytes on), NDJSON from a cursor 2,000 rows at a time, both with
 * backpressure. A failure half-way ends the connection without the final chunk, so a client never takes a
 * cut-off file for a whole one.
 */
export async function streamReport(
  dataSource: DataSource,
  res: Response,
  query: ReportQuery,
  options: { format: 'csv' | 'ndjson'; bom: boolean; filename: string },
): Promise<void> {
  // A connection of our own from the pool: one broken half-way (client gone mid-COPY) is destroyed, not reused.
  const client = await ((dataSource.driver as PostgresDriver).master as Pool).connect();
  let failure: Error | undefined;
  try {
    res.status(200);
    res.setHeader('Content-Disposition', `attachment; filename="${options.filename}.${options.format}"`);
    res.setHeader('Cache-Control', 'no-store');
    // An export may take longer than a request's statement timeout: it streams, the client sees it progress.
    await withoutTimeouts(client, async () => {
      if (options.format === 'csv') {
        res.setHeader('Content-Type', `${CSV_TYPE}; charset=utf-8; header=present`);
        if (options.bom) res.write(BOM);
        const copy = client.query(copyTo(await safeCsvCopy(client, exportSql(query))));
        await pipeline(copy, res);
      } else {
        res.setHeader('Content-Type', `${NDJSON_TYPE}; charset=utf-8`);
        const rows = client.query(new QueryStream(exportSql(query), [], { batchSize: 2000 }));
        const lines = new Transform({
          writableObjectMode: true,
          transform(row, _encoding, done) {
            done(null, `${JSON.stringify(row)}\n`);
          },
        });
        await pipeline(rows, lines, res);
      }
    });
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    client.release(failure);
  }
}

function requireExportable(format: ReportFormat, bom: boolean | undefined): void {
  if (bom && format !== 'csv') throw Problem.invalid('bom', 'applies to CSV only', 'query');
}

export interface ReportOptions {
  format?: ReportFormat;
  bom?: boolean;
  limit?: number;
  cursor?: string;
}

/**
 * Answers a report request: a JSON page, or the whole report streamed as CSV or NDJSON. After a stream the
 * answer is already sent; tsoa sees the headers sent and leaves the response alone. It runs the caller's read
 * model as given (the SQL is the caller's); `source` is anything with the DataSource, e.g. the services.
 */
export async function answerReport<T>(
  source: { dataSource: DataSource },
  req: Request,
  query: ReportQuery,
  name: string,
  options: ReportOptions,
): Promise<T> {
  const format = reportFormat(options.format, req.get('Accept'));
  requireExportable(format, options.bom);
  if (format === 'json') {
    const limit = options.limit ?? 100;
    const rows = await poolExecutor(source.dataSource).rows<Record<string, unknown>>(
      pageSql(query, limit, options.cursor),
    );
    return toReportPage(rows, limit) as T;
  }
  await streamReport(source.dataSource, req.res!, query, { format, bom: options.bom ?? false, filename: name });
  return undefined as T;
}
