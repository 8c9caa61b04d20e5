import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { type ApiClientSummaryRow, ApiClientsRepository } from '../auth/api-clients.repository';
import { hashClientSecret } from '../auth/client-secret';
import { type PublicJwk, publicJwk } from '../auth/public-jwk';
import type { PartnerScope } from '../auth/scopes';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import { PartnersRepository } from '../partners/partners.repository';
import { requireSingleLineText } from '../validation/text';
import { toApiClientView } from './api-client.mapper';
import type {
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
  private readonly clients: ApiClientsRepository;

  constructor(private readonly dataSource: DataSource) {
    this.clients = new ApiClientsRepository(poolExecutor(dataSource));
  }

  async list(partnerId: string, includeRevoked: boolean): Promise<ApiClientList> {
    const rows = await this.clients.listOfPartner(partnerId, includeRevoked);
    const keys = await this.clients.keysOf(rows.map((r) => r.id));
    return { data: rows.map((row) => toApiClientView(row, keys)) };
  }

  async get(partnerId: string, id: string, clients: ApiClientsRepository = this.clients): Promise<ApiClientView> {
    const row = await clients.findOfPartner(partnerId, id);
    if (!row) throw Problem.notFound(`API client ${id}`);
    return toApiClientView(row, await clients.keysOf([id]));
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
    const view = await inTransaction(this.dataSource, async (tx, manager) => {
      // Counting under a lock of the partner row keeps two concurrent creations from passing the limit together.
      await new PartnersRepository(tx).lock(partnerId);
      const clients = new ApiClientsRepository(tx);
      if ((await clients.countActiveOfPartner(partnerId)) >= MAX_CLIENTS)
        throw new Problem(
          'too-many-credentials',
          `A partner can have at most ${MAX_CLIENTS} active API clients; revoke one first.`,
        );
      const id = await clients.insert({ partnerId, clientId: randomUUID(), secretHash, name, scopes });
      for (const key of keys) await clients.insertKey(id, key);
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'api_client',
        subjectId: id,
        action: 'api_client_created',
        changes: { name, scopes, secret: Boolean(secret), keys: keys.map((k) => k.kid) },
      });
      return this.get(partnerId, id, clients);
    });
    return secret ? { ...view, clientSecret: secret } : view;
  }

  /** The client can no longer get tokens. Revoking a revoked client changes nothing. */
  async revoke(partnerId: string, actor: Actor, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (tx, manager) => {
      const clients = new ApiClientsRepository(tx);
      const client = await this.lock(clients, partnerId, id);
      if (client.disabled_at) return;
      await clients.revoke(id);
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
    await this.change(partnerId, actor, id, 'api_client_secret_replaced', {}, (clients) =>
      clients.setSecretHash(id, hash),
    );
    return { clientSecret: secret };
  }

  /** The client authenticates with its keys only from now on. */
  async removeSecret(partnerId: string, actor: Actor, id: string): Promise<void> {
    await this.change(partnerId, actor, id, 'api_client_secret_removed', {}, (clients) =>
      clients.setSecretHash(id, null),
    );
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
      async (clients) => {
        const existing = await clients.kidsOf(id);
        const taken = keys.filter((k) => existing.includes(k.kid));
        if (taken.length)
          throw new Problem(
            'key-id-taken',
            `The client has a key with kid ${taken.map((k) => k.kid).join(', ')} already; remove it first or choose another kid.`,
          );
        if (existing.length + keys.length > MAX_KEYS)
          throw new Problem('too-many-credentials', `A client can have at most ${MAX_KEYS} keys; remove one first.`);
        for (const key of keys) await clients.insertKey(id, key);
      },
    );
    const added = new Set(keys.map((k) => k.kid));
    return { data: (await this.get(partnerId, id)).keys.filter((k) => added.has(k.kid)) };
  }

  /** Assertions signed with this key are refused from now on. */
  async removeKey(partnerId: string, actor: Actor, id: string, kid: string): Promise<void> {
    await this.change(partnerId, actor, id, 'api_client_key_removed', { kid }, async (clients) => {
      if (!(await clients.removeKey(id, kid))) throw Problem.notFound(`Key ${kid} of API client ${id}`);
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

  /** The client row, locked for the change; 404 when it is not this partner's. */
  private async lock(clients: ApiClientsRepository, partnerId: string, id: string): Promise<ApiClientSummaryRow> {
    const row = await clients.findOfPartner(partnerId, id, true);
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
    apply: (clients: ApiClientsRepository) => Promise<void>,
  ): Promise<void> {
    await inTransaction(this.dataSource, async (tx, manager) => {
      const clients = new ApiClientsRepository(tx);
      const client = await this.lock(clients, partnerId, id);
      if (client.disabled_at)
        throw new Problem('api-client-revoked', `API client ${client.client_id} is revoked; create a new one.`);
      await apply(clients);
      await recordAudit(manager, actor, { partnerId, subjectType: 'api_client', subjectId: id, action, changes });
    });
  }
}
