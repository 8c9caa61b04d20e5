import { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners, card products, API clients, end users, orders, cards and the audit trail. */
export class InitialSchema1764240000000 implements MigrationInterface {
  name = 'InitialSchema1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE TYPE order_kind AS ENUM ('new', 'additional', 'renewal')`);
    await q.query(`CREATE TYPE order_status AS ENUM ('pending', 'approved', 'rejected')`);
    await q.query(`CREATE TYPE delivery_choice AS ENUM ('registered', 'other')`);
    await q.query(`CREATE TYPE card_status AS ENUM ('in_production', 'shipped', 'active', 'expired', 'revoked')`);

    await q.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        organisation_number char(9) NOT NULL UNIQUE,
        notification_email text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE card_product (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        card_reader_allowed boolean NOT NULL DEFAULT true,
        validity_months integer NOT NULL DEFAULT 36 CHECK (validity_months > 0),
        card_price_ore integer NOT NULL CHECK (card_price_ore >= 0),
        card_reader_price_ore integer NOT NULL CHECK (card_reader_price_ore >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX card_product_partner_idx ON card_product (partner_id)`);
    await q.query(`
      CREATE TABLE api_client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id),
        client_id text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        name text NOT NULL,
        scopes text[] NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE end_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        national_id char(11) NOT NULL UNIQUE,
        given_name text NOT NULL,
        family_name text NOT NULL,
        birth_date date NOT NULL,
        email text,
        phone text,
        registered_street text NOT NULL,
        registered_postal_code char(4) NOT NULL,
        registered_city text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE SEQUENCE order_number_seq START 1000`);
    await q.query(`
      CREATE TABLE card_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_number text NOT NULL UNIQUE DEFAULT 'PW-' || lpad(nextval('order_number_seq')::text, 8, '0'),
        partner_id uuid NOT NULL REFERENCES partner(id),
        card_product_id uuid NOT NULL REFERENCES card_product(id),
        end_user_id uuid NOT NULL REFERENCES end_user(id),
        kind order_kind NOT NULL,
        status order_status NOT NULL DEFAULT 'pending',
        company text NOT NULL CHECK (char_length(company) BETWEEN 1 AND 200),
        card_reader boolean NOT NULL DEFAULT false,
        renews_card_id uuid,
        delivery_choice delivery_choice NOT NULL,
        delivery_name text NOT NULL,
        delivery_street text NOT NULL,
        delivery_postal_code char(4) NOT NULL,
        delivery_city text NOT NULL,
        registered_street text NOT NULL,
        registered_postal_code char(4) NOT NULL,
        registered_city text NOT NULL,
        rejection_reason text,
        rejection_message text,
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        -- Millisecond precision, so that a list cursor taken from JSON compares exactly.
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'new' OR NOT card_reader),
        CHECK (kind <> 'renewal' OR renews_card_id IS NOT NULL),
        CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
      )`);
    // Partner lists are newest first, optionally by status: these keep them index-only walks.
    await q.query(`CREATE INDEX card_order_partner_created_idx ON card_order (partner_id, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX card_order_partner_status_created_idx ON card_order (partner_id, status, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX card_order_end_user_idx ON card_order (end_user_id)`);
    await q.query(
      `CREATE INDEX card_order_renews_card_idx ON card_order (renews_card_id) WHERE renews_card_id IS NOT NULL`,
    );
    await q.query(`CREATE SEQUENCE card_serial_seq START 10000001`);
    await q.query(`
      CREATE TABLE card (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        serial_number text NOT NULL UNIQUE DEFAULT 'BPS' || nextval('card_serial_seq')::text,
        end_user_id uuid NOT NULL REFERENCES end_user(id),
        card_product_id uuid NOT NULL REFERENCES card_product(id),
        partner_id uuid NOT NULL REFERENCES partner(id),
        order_id uuid UNIQUE REFERENCES card_order(id),
        status card_status NOT NULL,
        expires_on date NOT NULL,
        issued_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `ALTER TABLE card_order ADD CONSTRAINT card_order_renews_card_fk FOREIGN KEY (renews_card_id) REFERENCES card(id)`,
    );
    await q.query(`CREATE INDEX card_end_user_idx ON card (end_user_id)`);
    await q.query(`CREATE INDEX card_partner_expires_idx ON card (partner_id, expires_on)`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        partner_id uuid,
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, occurred_at)`);
    await q.query(`
      CREATE TABLE idempotency_key (
        api_client_id uuid NOT NULL REFERENCES api_client(id),
        key text NOT NULL,
        request_fingerprint text NOT NULL,
        status_code integer,
        response_headers jsonb,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (api_client_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_key', 'audit_event']) await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE card_order DROP CONSTRAINT card_order_renews_card_fk`);
    for (const table of ['card', 'card_order', 'end_user', 'api_client', 'card_product', 'partner']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE order_number_seq`);
    await q.query(`DROP SEQUENCE card_serial_seq`);
    for (const type of ['card_status', 'delivery_choice', 'order_status', 'order_kind'])
      await q.query(`DROP TYPE ${type}`);
  }
}
