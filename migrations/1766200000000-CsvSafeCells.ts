import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * csv_safe_cell(text): a cell a spreadsheet would run as a formula (it begins with =, +, -, @, tab or carriage
 * return) gets a leading single quote, as OWASP's CSV-injection guidance says; any other cell is unchanged.
 * In SQL so that CSV exports keep streaming straight from COPY. A plain SQL expression (not STRICT, IMMUTABLE)
 * that PostgreSQL inlines into the query: no function call per cell.
 */
export class CsvSafeCells1766200000000 implements MigrationInterface {
  name = 'CsvSafeCells1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION csv_safe_cell(cell text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN left(cell, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || cell ELSE cell END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION csv_safe_cell(text)`);
  }
}
