import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { hashClientSecret } from '../auth/client-secret';
import { type PublicJwk, publicJwk } from '../auth/public-jwk';
import type { PartnerScope } from '../auth/scopes';
import { Problem } from '../common/problem';
import { requireSingleLineText } from '../validation/text';
import type {
  ApiClientKey,
  ApiClientKeyList,
  ApiClientList,
  ApiClientRequest,
  ApiClientSecret,
  ApiClientView,
  ApiClientWithSecret,
} from './api-client.dto';

/** Active clients a partner may have, and keys a client may have (enough for a rotation with overlap). */
export const MAX_CLIENTS = 20;
export const MAX_KEYS = 10;

interface ClientRow {
  id: string;
  client_id: string;
  name: string;
  scopes: PartnerScope[];
  has_secret: boolean;
  disabled_at: Date | null;
  created_at: Date;
  last_used_at: Date | null;
}

interface KeyRow {
  api_client_id: string;
  kid: string;
  jwk: PublicJwk;
  created_at: Date;
  last_used_at: Date | null;
}

const CLIENT_COLUMNS = `id, client_id, name, scopes, secret_hash IS NOT NULL AS has_secret, disabled_at, created_at, last_used_at`;

const iso = (at: Date | null) => (at ? at.toISOString() : null);

function toKey(row: KeyRow): ApiClientKey {
  return { kid: row.kid, jwk: row.jwk, createdAt: row.created_at.toISOString(), lastUsedAt: iso(row.last_used_at) };
}

function toView(row: ClientRow, keys: KeyRow[]): ApiClientView {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    scopes: row.scopes,
    hasSecret: row.has_secret,
    keys: keys.filter((k) => k.api_client_id === row.id).map(toKey),
    status: row.disabled_at ? 'revoked' : 'active',
    createdAt: row.created_at.toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.disabled_at),
  };
}

/** 32 random bytes: as strong as a key, shown once and kept only as its scrypt hash. */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A partner's own API clients and their credentials (issue 10 part 7): list, create, revoke, public keys and
 * secrets, every change audited in the same transaction. Every query is scoped by the partner: another
 * partner's client is not found.
 */
export class ApiClientsService {
  constructor(private readonly dataSource: DataSource) {}

  private async keysOf(manager: EntityManager | DataSource, clientIds: string[]): Promise<KeyRow[]> {
    if (clientIds.length === 0) return [];
    return manager.query(
      `SELECT api_client_id, kid, jwk, created_at, last_used_at FROM api_client_key WHERE api_client_id = ANY($1) ORDER BY created_at, kid`,
      [clientIds],
    );
  }

  async list(partnerId: string, includeRevoked: boolean): Promise<ApiClientList> {
    const rows: ClientRow[] = await this.dataSource.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_client WHERE partner_id = $1 AND ($2 OR disabled_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT 1000`,
      [partnerId, includeRevoked],
    );
    const keys = await this.keysOf(
      this.dataSource,
      rows.map((r) => r.id),
    );
    return { data: rows.map((row) => toView(row, keys)) };
  }

  async get(
    partnerId: string,
    id: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<ApiClientView> {
    const [row]: ClientRow[] = await manager.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_client WHERE id = $1 AND partner_id = $2`,
      [id, partnerId],
    );
    if (!row) throw Problem.notFound(`API client ${id}`);
    return toView(row, await this.keysOf(manager, [id]));
  }

  /** A new client with at most the scopes of the caller's token (`grantable`), its keys, and a secret if asked. */
  async create(
    partnerId: string,
    actor: Actor,
    grantable: readonly PartnerScope[],
    body: ApiClientRequest,
  ): Promise<ApiClientWithSecret> {
    const name = requireSingleLineText('name', body.name, 200);
    const scopes = [...new Set(body.scopes ?? grantable)];
    const refused = scopes.filter((s) => !grantable.includes(s));
    if (refused.length)
      throw Problem.invalid('scopes', `not yours to grant (your token lacks them): ${refused.join(', ')}`);
    const keys = await this.checkedKeys(body.keys ?? [], 'keys');
    const secret = (body.clientSecret ?? keys.length === 0) ? newSecret() : undefined;
    const secretHash = secret ? await hashClientSecret(secret) : null;
    const view = await this.dataSource.transaction(async (manager) => {
      // Counting under a lock of the partner row keeps two concurrent creations from passing the limit together.
      await manager.query(`SELECT 1 FROM partner WHERE id = $1 FOR UPDATE`, [partnerId]);
      const [{ count }] = await manager.query(
        `SELECT count(*)::int AS count FROM api_client WHERE partner_id = $1 AND disabled_at IS NULL`,
        [partnerId],
      );
      if (count >= MAX_CLIENTS)
        throw new Problem(
          'too-many-credentials',
          `A partner can have at most ${MAX_CLIENTS} active API clients; revoke one first.`,
        );
      const [{ id }] = await manager.query(
        `INSERT INTO api_client (partner_id, role, client_id, secret_hash, name, scopes) VALUES ($1, 'partner', $2, $3, $4, $5) RETURNING id`,
        [partnerId, randomUUID(), secretHash, name, scopes],
      );
      await this.insertKeys(manager, id, keys);
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'api_client',
        subjectId: id,
        action: 'api_client_created',
        changes: { name, scopes, secret: Boolean(secret), keys: keys.map((k) => k.kid) },
      });
      return this.get(partnerId, id, manager);
    });
    return secret ? { ...view, clientSecret: secret } : view;
  }

  /** The client can no longer get tokens. Revoking a revoked client changes nothing. */
  async revoke(partnerId: string, actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const client = await this.lock(manager, partnerId, id);
      if (client.disabled_at) return;
      await manager.query(`UPDATE api_client SET disabled_at = now() WHERE id = $1`, [id]);
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'api_client',
        subjectId: id,
        action: 'api_client_revoked',
      });
    });
  }

  /** A new secret replaces the previous one at once. */
  async replaceSecret(partnerId: string, actor: Actor, id: string): Promise<ApiClientSecret> {
    const secret = newSecret();
    const hash = await hashClientSecret(secret);
    await this.change(partnerId, actor, id, 'api_client_secret_replaced', {}, async (manager) => {
      await manager.query(`UPDATE api_client SET secret_hash = $2 WHERE id = $1`, [id, hash]);
    });
    return { clientSecret: secret };
  }

  /** The client authenticates with its keys only from now on. */
  async removeSecret(partnerId: string, actor: Actor, id: string): Promise<void> {
    await this.change(partnerId, actor, id, 'api_client_secret_removed', {}, async (manager) => {
      await manager.query(`UPDATE api_client SET secret_hash = NULL WHERE id = $1`, [id]);
    });
  }

  async listKeys(partnerId: string, id: string): Promise<ApiClientKeyList> {
    return { data: (await this.get(partnerId, id)).keys };
  }

  /** Adds every key or none: a kid the client has already, or one past the limit, refuses the whole set. */
  async addKeys(partnerId: string, actor: Actor, id: string, submitted: PublicJwk[]): Promise<ApiClientKeyList> {
    const keys = await this.checkedKeys(submitted, 'keys');
    if (keys.length === 0) throw Problem.invalid('keys', 'must hold at least one key');
    await this.change(
      partnerId,
      actor,
      id,
      'api_client_keys_added',
      { keys: keys.map((k) => k.kid) },
      async (manager) => {
        const existing: Array<{ kid: string }> = await manager.query(
          `SELECT kid FROM api_client_key WHERE api_client_id = $1`,
          [id],
        );
        const taken = keys.filter((k) => existing.some((e) => e.kid === k.kid));
        if (taken.length)
          throw new Problem(
            'key-id-taken',
            `The client has a key with kid ${taken.map((k) => k.kid).join(', ')} already; remove it first or choose another kid.`,
          );
        if (existing.length + keys.length > MAX_KEYS)
          throw new Problem('too-many-credentials', `A client can have at most ${MAX_KEYS} keys; remove one first.`);
        await this.insertKeys(manager, id, keys);
      },
    );
    const added = new Set(keys.map((k) => k.kid));
    return { data: (await this.get(partnerId, id)).keys.filter((k) => added.has(k.kid)) };
  }

  /** Assertions signed with this key are refused from now on. */
  async removeKey(partnerId: string, actor: Actor, id: string, kid: string): Promise<void> {
    await this.change(partnerId, actor, id, 'api_client_key_removed', { kid }, async (manager) => {
      const [, removed] = await manager.query(`DELETE FROM api_client_key WHERE api_client_id = $1 AND kid = $2`, [
        id,
        kid,
      ]);
      if (!removed) throw Problem.notFound(`Key ${kid} of API client ${id}`);
    });
  }

  private async checkedKeys(keys: PublicJwk[], field: string): Promise<PublicJwk[]> {
    if (keys.length > MAX_KEYS) throw Problem.invalid(field, `at most ${MAX_KEYS} keys`);
    const checked = await Promise.all(keys.map((key, i) => publicJwk(key, `${field}[${i}]`)));
    const kids = checked.map((k) => k.kid);
    const twice = kids.find((kid, i) => kids.indexOf(kid) !== i);
    if (twice) throw Problem.invalid(field, `kid ${twice} is given twice; every key needs its own kid`);
    return checked;
  }

  private async insertKeys(manager: EntityManager, apiClientId: string, keys: PublicJwk[]): Promise<void> {
    for (const key of keys) {
      await manager.query(`INSERT INTO api_client_key (api_client_id, kid, jwk) VALUES ($1, $2, $3::jsonb)`, [
        apiClientId,
        key.kid,
        JSON.stringify(key),
      ]);
    }
  }

  /** The client row, locked for the change; 404 when it is not this partner's. */
  private async lock(manager: EntityManager, partnerId: string, id: string): Promise<ClientRow> {
    const [row]: ClientRow[] = await manager.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_client WHERE id = $1 AND partner_id = $2 FOR UPDATE`,
      [id, partnerId],
    );
    if (!row) throw Problem.notFound(`API client ${id}`);
    return row;
  }

  /** A change to an active client's credentials and its audit record, in one transaction. */
  private async change(
    partnerId: string,
    actor: Actor,
    id: string,
    action: string,
    changes: Record<string, unknown>,
    apply: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const client = await this.lock(manager, partnerId, id);
      if (client.disabled_at)
        throw new Problem('api-client-revoked', `API client ${client.client_id} is revoked; create a new one.`);
      await apply(manager);
      await recordAudit(manager, actor, { partnerId, subjectType: 'api_client', subjectId: id, action, changes });
    });
  }
}
