import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports, monthly invoices, card-reader stock orders, powers of attorney and the retention job's record.
 */
export class ReportsInvoicesRetention1765094400000 implements MigrationInterface {
  name = 'ReportsInvoicesRetention1765094400000';

  async up(q: QueryRunner): Promise<void> {
    // Cursors carry JavaScript dates (milliseconds): sort columns of paged lists must not hold finer times,
    // or a page boundary between two rows of one millisecond would skip rows.
    await q.query(`ALTER TABLE card ALTER COLUMN created_at TYPE timestamptz(3)`);
    await q.query(`ALTER TABLE end_user ALTER COLUMN created_at TYPE timestamptz(3)`);
    // The approved-orders report pages a partner's cards newest first.
    await q.query(`CREATE INDEX card_partner_created_idx ON card (partner_id, created_at DESC, id DESC)`);
    // Invoicing finds the cards issued in a month.
    await q.query(`CREATE INDEX card_issued_idx ON card (issued_at) WHERE issued_at IS NOT NULL`);

    // The partner's own address: where its card-reader stock is sent.
    await q.query(`ALTER TABLE partner ADD COLUMN street text, ADD COLUMN postal_code char(4), ADD COLUMN city text`);

    await q.query(`CREATE SEQUENCE card_reader_order_number_seq START 1000`);
    await q.query(`
      CREATE TABLE card_reader_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_number text NOT NULL UNIQUE DEFAULT 'KL-' || lpad(nextval('card_reader_order_number_seq')::text, 8, '0'),
        partner_id uuid NOT NULL REFERENCES partner(id),
        card_product_id uuid NOT NULL REFERENCES card_product(id),
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        unit_price_ore integer NOT NULL CHECK (unit_price_ore >= 0),
        status text NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'shipped')),
        delivery_name text NOT NULL,
        delivery_street text NOT NULL,
        delivery_postal_code char(4) NOT NULL,
        delivery_city text NOT NULL,
        ordered_by text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        shipped_at timestamptz,
        tracking_number text
      )`);
    await q.query(
      `CREATE INDEX card_reader_order_partner_idx ON card_reader_order (partner_id, created_at DESC, id DESC)`,
    );

    await q.query(`CREATE SEQUENCE invoice_number_seq START 100000`);
    await q.query(`
      CREATE TABLE invoice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_number text NOT NULL UNIQUE DEFAULT 'F-' || nextval('invoice_number_seq')::text,
        partner_id uuid NOT NULL REFERENCES partner(id),
        period_start date NOT NULL CHECK (extract(day FROM period_start) = 1),
        net_ore bigint NOT NULL,
        vat_ore bigint NOT NULL,
        total_ore bigint NOT NULL,
        issued_at timestamptz(3) NOT NULL DEFAULT now(),
        -- One invoice per partner and month: the job can run twice and make no second one.
        UNIQUE (partner_id, period_start)
      )`);
    await q.query(`CREATE INDEX invoice_partner_idx ON invoice (partner_id, issued_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE invoice_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id uuid NOT NULL REFERENCES invoice(id),
        item text NOT NULL CHECK (item IN ('card', 'card_reader', 'card_reader_stock')),
        card_product_id uuid NOT NULL REFERENCES card_product(id),
        order_kind order_kind,
        reference text NOT NULL,
        company text,
        quantity integer NOT NULL,
        unit_price_ore integer NOT NULL,
        amount_ore bigint NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invoice_line_invoice_idx ON invoice_line (invoice_id, created_at, id)`);
    // What has been invoiced, so that nothing is invoiced twice.
    await q.query(`ALTER TABLE card ADD COLUMN invoice_id uuid REFERENCES invoice(id)`);
    await q.query(`ALTER TABLE card_reader_order ADD COLUMN invoice_id uuid REFERENCES invoice(id)`);

    await q.query(`
      CREATE TABLE power_of_attorney (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id),
        filename text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 char(64) NOT NULL,
        digitally_signed boolean NOT NULL,
        content bytea NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz(3) NOT NULL DEFAULT now(),
        keep_until date NOT NULL
      )`);
    await q.query(
      `CREATE INDEX power_of_attorney_partner_idx ON power_of_attorney (partner_id, uploaded_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX power_of_attorney_keep_until_idx ON power_of_attorney (keep_until)`);

    await q.query(`
      CREATE TABLE retention_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ran_at timestamptz NOT NULL DEFAULT now(),
        cutoff date NOT NULL,
        end_users_deleted integer NOT NULL,
        orders_deleted integer NOT NULL,
        cards_deleted integer NOT NULL,
        powers_of_attorney_deleted integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_run`);
    await q.query(`DROP TABLE power_of_attorney`);
    await q.query(`ALTER TABLE card_reader_order DROP COLUMN invoice_id`);
    await q.query(`ALTER TABLE card DROP COLUMN invoice_id`);
    await q.query(`DROP TABLE invoice_line`);
    await q.query(`DROP TABLE invoice`);
    await q.query(`DROP SEQUENCE invoice_number_seq`);
    await q.query(`DROP TABLE card_reader_order`);
    await q.query(`DROP SEQUENCE card_reader_order_number_seq`);
    await q.query(`ALTER TABLE partner DROP COLUMN street, DROP COLUMN postal_code, DROP COLUMN city`);
    await q.query(`DROP INDEX card_issued_idx`);
    await q.query(`DROP INDEX card_partner_created_idx`);
    await q.query(`ALTER TABLE end_user ALTER COLUMN created_at TYPE timestamptz`);
    await q.query(`ALTER TABLE card ALTER COLUMN created_at TYPE timestamptz`);
  }
}
