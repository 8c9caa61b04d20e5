import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The end-user side, the card's life and the issuer's notices: operator clients, card status dates,
 * the local population registry, the e-mail outbox and webhooks with their delivery log.
 */
export class CardLifeAndNotices1764921600000 implements MigrationInterface {
  name = 'CardLifeAndNotices1764921600000';

  async up(q: QueryRunner): Promise<void> {
    // Operator clients act for the issuer, not for a partner.
    await q.query(
      `ALTER TABLE api_client ADD COLUMN role text NOT NULL DEFAULT 'partner' CHECK (role IN ('partner', 'operator'))`,
    );
    await q.query(`ALTER TABLE api_client ALTER COLUMN partner_id DROP NOT NULL`);
    await q.query(
      `ALTER TABLE api_client ADD CONSTRAINT api_client_partner_role_ck CHECK ((role = 'partner') = (partner_id IS NOT NULL))`,
    );

    await q.query(`
      ALTER TABLE card
        ADD COLUMN tracking_number text,
        ADD COLUMN activated_at timestamptz,
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN revocation_reason text,
        ADD COLUMN expired_at timestamptz,
        ADD COLUMN expiry_notice_at timestamptz`);
    // The daily jobs look for cards by status and expiry date across all partners.
    await q.query(
      `CREATE INDEX card_status_expires_idx ON card (status, expires_on) WHERE status IN ('shipped', 'active')`,
    );

    // The local population registry: the embedded default's stand-in for the national registry.
    await q.query(`
      CREATE TABLE registry_person (
        national_id char(11) PRIMARY KEY,
        given_name text NOT NULL,
        family_name text NOT NULL,
        street text NOT NULL,
        postal_code char(4) NOT NULL,
        city text NOT NULL
      )`);

    // The e-mail outbox: written in the transaction of the change that causes the e-mail, sent by a worker.
    await q.query(`
      CREATE TABLE email_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice text NOT NULL,
        partner_id uuid REFERENCES partner(id),
        subject_id uuid,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX email_message_subject_idx ON email_message (subject_id)`);

    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id),
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        disabled_at timestamptz,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX webhook_endpoint_partner_idx ON webhook_endpoint (partner_id, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE webhook_event (
        id text PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partner(id),
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id text NOT NULL REFERENCES webhook_event(id),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        -- millisecond precision: the cursor of the delivery log carries JavaScript dates
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (endpoint_id, event_id)
      )`);
    await q.query(
      `CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE webhook_delivery_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_delivery(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        response_status integer,
        error text,
        duration_ms integer NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_delivery_attempt_delivery_idx ON webhook_delivery_attempt (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempt`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_event`);
    await q.query(`DROP TABLE webhook_endpoint`);
    await q.query(`DROP TABLE email_message`);
    await q.query(`DROP TABLE registry_person`);
    await q.query(`DROP INDEX card_status_expires_idx`);
    await q.query(`
      ALTER TABLE card DROP COLUMN tracking_number, DROP COLUMN activated_at, DROP COLUMN revoked_at,
        DROP COLUMN revocation_reason, DROP COLUMN expired_at, DROP COLUMN expiry_notice_at`);
    await q.query(`ALTER TABLE api_client DROP CONSTRAINT api_client_partner_role_ck`);
    await q.query(`DELETE FROM api_client WHERE role = 'operator'`);
    await q.query(`ALTER TABLE api_client ALTER COLUMN partner_id SET NOT NULL`);
    await q.query(`ALTER TABLE api_client DROP COLUMN role`);
  }
}
