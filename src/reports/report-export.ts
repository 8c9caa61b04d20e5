import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { withoutTimeouts } from '../db/database-unavailable';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Problem } from '../common/problem';
import type { Services } from '../services';
import { exportSql, type ReportQuery } from './report-query';

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
        const copy = client.query(copyTo(`COPY (${exportSql(query)}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
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
 * answer is already sent; tsoa sees the headers sent and leaves the response alone.
 */
export async function answerReport<T>(services: Services, req: Request, query: ReportQuery, name: string, options: ReportOptions): Promise<T> {
  const format = reportFormat(options.format, req.get('Accept'));
  requireExportable(format, options.bom);
  if (format === 'json') return (await services.reports.page(query, { limit: options.limit ?? 100, cursor: options.cursor })) as T;
  await streamReport(services.dataSource, req.res!, query, { format, bom: options.bom ?? false, filename: name });
  return undefined as T;
}
