import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Strong client authentication and self-managed credentials (issue 10, parts 5 and 7):
 * - `api_client_key`: the public keys (JWK) a client signs its RFC 7523 client assertions with, by `kid`;
 * - `client_assertion_jti`: every assertion id seen, kept until the assertion expires, so that none is used twice;
 * - a client may have no secret (keys only), and records when it was last used;
 * - the demo partner clients get the new scope `credentials:manage` (new databases get it from the seed).
 */
export class ClientKeysAndCredentials1766300000000 implements MigrationInterface {
  name = 'ClientKeysAndCredentials1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_client ALTER COLUMN secret_hash DROP NOT NULL`);
    await q.query(`ALTER TABLE api_client ADD COLUMN last_used_at timestamptz`);
    await q.query(`CREATE INDEX api_client_partner_idx ON api_client (partner_id, created_at)`);
    await q.query(`
      CREATE TABLE api_client_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_client_id uuid NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
        kid text NOT NULL,
        jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        UNIQUE (api_client_id, kid)
      )`);
    await q.query(`
      CREATE TABLE client_assertion_jti (
        api_client_id uuid NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
        jti text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (api_client_id, jti)
      )`);
    await q.query(
      `UPDATE api_client SET scopes = array_append(scopes, 'credentials:manage')
        WHERE client_id IN ('demo-nordlys', 'demo-fjordheim') AND NOT ('credentials:manage' = ANY (scopes))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE api_client SET scopes = array_remove(scopes, 'credentials:manage')`);
    await q.query(`DROP TABLE client_assertion_jti`);
    await q.query(`DROP TABLE api_client_key`);
    await q.query(`DROP INDEX api_client_partner_idx`);
    await q.query(`ALTER TABLE api_client DROP COLUMN last_used_at`);
    await q.query(`UPDATE api_client SET secret_hash = 'none' WHERE secret_hash IS NULL`);
    await q.query(`ALTER TABLE api_client ALTER COLUMN secret_hash SET NOT NULL`);
  }
}
