import type { SqlExecutor } from '../db/sql-executor';
import type { PublicJwk } from './public-jwk';
import type { PartnerScope } from './scopes';

/** An api_client row as the token endpoint reads it: machine-to-machine credentials of a partner or an operator. */
export interface ApiClientRow {
  id: string;
  /** The partner it acts for; null for an operator client. */
  partner_id: string | null;
  /** partner: a partner's integration; operator: the issuer's own staff or production line. */
  role: 'partner' | 'operator';
  /** The public client id sent to the token endpoint. */
  client_id: string;
  /** scrypt hash of the secret; null for a client that signs with keys only. */
  secret_hash: string | null;
  name: string;
  /** The scopes this client may be granted (text[]; an operator client's are not partner scopes). */
  scopes: string[];
  disabled_at: Date | null;
  created_at: Date;
}

/** A partner's client as the credentials API shows it: whether it has a secret, never the hash. */
export interface ApiClientSummaryRow {
  id: string;
  client_id: string;
  name: string;
  scopes: PartnerScope[];
  has_secret: boolean;
  disabled_at: Date | null;
  created_at: Date;
  last_used_at: Date | null;
}

/** An api_client_key row: a public key a client signs its assertions with, named by its kid. */
export interface ApiClientKeyRow {
  api_client_id: string;
  kid: string;
  jwk: PublicJwk;
  created_at: Date;
  last_used_at: Date | null;
}

export interface NewApiClient {
  partnerId: string;
  clientId: string;
  secretHash: string | null;
  name: string;
  scopes: PartnerScope[];
}

const SUMMARY = `id, client_id, name, scopes, secret_hash IS NOT NULL AS has_secret, disabled_at, created_at, last_used_at`;

/** The api_client and api_client_key tables: the token endpoint's lookups and the partner's credentials API. */
export class ApiClientsRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** The client with this public client id, revoked or not. */
  findByClientId(clientId: string): Promise<ApiClientRow | undefined> {
    return this.sql.first<ApiClientRow>(
      `SELECT id, partner_id, role, client_id, secret_hash, name, scopes, disabled_at, created_at FROM api_client WHERE client_id = $1`,
      [clientId],
    );
  }

  /** The client's key with this kid: the row id (for its last-used time) and the public key. */
  findKey(apiClientId: string, kid: string): Promise<{ id: string; jwk: PublicJwk } | undefined> {
    return this.sql.first<{ id: string; jwk: PublicJwk }>(
      `SELECT id, jwk FROM api_client_key WHERE api_client_id = $1 AND kid = $2`,
      [apiClientId, kid],
    );
  }

  /** Newest first; revoked clients only when asked. */
  listOfPartner(partnerId: string, includeRevoked: boolean): Promise<ApiClientSummaryRow[]> {
    return this.sql.rows<ApiClientSummaryRow>(
      `SELECT ${SUMMARY} FROM api_client WHERE partner_id = $1 AND ($2 OR disabled_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT 1000`,
      [partnerId, includeRevoked],
    );
  }

  /** The partner's client; with `forUpdate`, its row locked until the transaction ends. */
  findOfPartner(partnerId: string, id: string, forUpdate = false): Promise<ApiClientSummaryRow | undefined> {
    return this.sql.first<ApiClientSummaryRow>(
      `SELECT ${SUMMARY} FROM api_client WHERE id = $1 AND partner_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [id, partnerId],
    );
  }

  /** The keys of these clients, oldest first. */
  async keysOf(apiClientIds: string[]): Promise<ApiClientKeyRow[]> {
    if (apiClientIds.length === 0) return [];
    return this.sql.rows<ApiClientKeyRow>(
      `SELECT api_client_id, kid, jwk, created_at, last_used_at FROM api_client_key WHERE api_client_id = ANY($1) ORDER BY created_at, kid`,
      [apiClientIds],
    );
  }

  async countActiveOfPartner(partnerId: string): Promise<number> {
    const row = await this.sql.first<{ count: number }>(
      `SELECT count(*)::int AS count FROM api_client WHERE partner_id = $1 AND disabled_at IS NULL`,
      [partnerId],
    );
    return row?.count ?? 0;
  }

  /** A partner's client; answers its id. */
  async insert(client: NewApiClient): Promise<string> {
    const row = await this.sql.first<{ id: string }>(
      `INSERT INTO api_client (partner_id, role, client_id, secret_hash, name, scopes) VALUES ($1, 'partner', $2, $3, $4, $5) RETURNING id`,
      [client.partnerId, client.clientId, client.secretHash, client.name, client.scopes],
    );
    return row!.id;
  }

  async revoke(id: string): Promise<void> {
    await this.sql.execute(`UPDATE api_client SET disabled_at = now() WHERE id = $1`, [id]);
  }

  /** A new secret's hash, or null: keys only from now on. */
  async setSecretHash(id: string, secretHash: string | null): Promise<void> {
    await this.sql.execute(`UPDATE api_client SET secret_hash = $2 WHERE id = $1`, [id, secretHash]);
  }

  async kidsOf(apiClientId: string): Promise<string[]> {
    const rows = await this.sql.rows<{ kid: string }>(`SELECT kid FROM api_client_key WHERE api_client_id = $1`, [
      apiClientId,
    ]);
    return rows.map((row) => row.kid);
  }

  async insertKey(apiClientId: string, key: PublicJwk): Promise<void> {
    await this.sql.execute(`INSERT INTO api_client_key (api_client_id, kid, jwk) VALUES ($1, $2, $3::jsonb)`, [
      apiClientId,
      key.kid,
      JSON.stringify(key),
    ]);
  }

  /** False when the client has no key with this kid. */
  async removeKey(apiClientId: string, kid: string): Promise<boolean> {
    const removed = await this.sql.execute(`DELETE FROM api_client_key WHERE api_client_id = $1 AND kid = $2`, [
      apiClientId,
      kid,
    ]);
    return removed > 0;
  }

  /** Records a use of the client (`api_client`) or of one of its keys (`api_client_key`, by row id); never back in time. */
  async touchLastUsed(table: 'api_client' | 'api_client_key', id: string, at: Date): Promise<void> {
    const sql =
      table === 'api_client'
        ? `UPDATE api_client SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`
        : `UPDATE api_client_key SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`;
    await this.sql.execute(sql, [id, at]);
  }

  /** The operator client, unless one with this client id exists. Caller: the demo seed (src/demo/seed.ts). */
  async insertOperatorIfMissing(clientId: string, secretHash: string, name: string): Promise<void> {
    await this.sql.execute(
      `INSERT INTO api_client (partner_id, role, client_id, secret_hash, name, scopes)
     VALUES (NULL, 'operator', $1, $2, $3, ARRAY['operator']) ON CONFLICT (client_id) DO NOTHING`,
      [clientId, secretHash, name],
    );
  }

  /** Sets the scopes of these partner clients (by client id). Caller: the demo seed (src/demo/seed.ts). */
  async setScopesOfPartnerClients(clientIds: readonly string[], scopes: readonly PartnerScope[]): Promise<void> {
    await this.sql.execute(`UPDATE api_client SET scopes = $2 WHERE client_id = ANY ($1) AND role = 'partner'`, [
      clientIds,
      scopes,
    ]);
  }
}
