import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: each partner's staff roster (SCIM 2.0 Users from its HR directory), the directory's provisioning
 * tokens, approval policies per card product, and the record of which reminder digests went out.
 * The national identity number of a roster member is kept only as its keyed hash (HMAC-SHA-256 under
 * NATIONAL_ID_HASH_KEY), for matching an order's end user; never the number itself.
 */
export class RosterAndApprovalPolicies1766600000000 implements MigrationInterface {
  name = 'RosterAndApprovalPolicies1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        user_name text NOT NULL CHECK (char_length(user_name) BETWEEN 1 AND 256),
        external_id text CHECK (char_length(external_id) <= 256),
        given_name text,
        family_name text,
        display_name text,
        email text,
        active boolean NOT NULL DEFAULT true,
        national_id_hash char(64),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // userName is unique per partner and compared without case (RFC 7643: caseExact false).
    await q.query(`CREATE UNIQUE INDEX roster_member_user_name_uq ON roster_member (partner_id, lower(user_name))`);
    await q.query(
      `CREATE UNIQUE INDEX roster_member_external_id_uq ON roster_member (partner_id, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX roster_member_national_id_idx ON roster_member (partner_id, national_id_hash) WHERE national_id_hash IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE scim_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX scim_token_partner_idx ON scim_token (partner_id, created_at)`);

    await q.query(`
      CREATE TABLE approval_policy (
        card_product_id uuid PRIMARY KEY REFERENCES card_product(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        mode text NOT NULL DEFAULT 'manual' CHECK (mode IN ('manual', 'roster')),
        reject_after_days integer CHECK (reject_after_days BETWEEN 1 AND 365),
        rejection_message text CHECK (char_length(rejection_message) BETWEEN 1 AND 1000),
        revoke_leavers_cards boolean NOT NULL DEFAULT false,
        reminder_after_working_days integer NOT NULL DEFAULT 3 CHECK (reminder_after_working_days BETWEEN 1 AND 60),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((reject_after_days IS NULL) = (rejection_message IS NULL))
      )`);
    await q.query(`CREATE INDEX approval_policy_partner_idx ON approval_policy (partner_id)`);

    // One digest per partner and Oslo day: the daily job may run twice (a retry, a second instance) and sends once.
    await q.query(`
      CREATE TABLE pending_reminder (
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        reminded_on date NOT NULL,
        order_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, reminded_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pending_reminder`);
    await q.query(`DROP TABLE approval_policy`);
    await q.query(`DROP TABLE scim_token`);
    await q.query(`DROP TABLE roster_member`);
  }
}
