import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { components } from '../schema.js';

type Schemas = components['schemas'];
export type ApiClient = Schemas['ApiClientView'];
export type ApiClientWithSecret = Schemas['ApiClientWithSecret'];
export type ApiClientRequest = Schemas['ApiClientRequest'];
export type ApiClientKey = Schemas['ApiClientKey'];
export type PublicJwk = Schemas['PublicJwk'];

/** Your API clients: the machine credentials your systems get tokens with, their keys and secrets. */
export class ApiClients extends APIResource {
  /** Your API clients, newest first (a handful: not paginated). */
  async list(query: { includeRevoked?: boolean } = {}, options?: RequestOptions): Promise<ApiClient[]> {
    return (await this.read<{ data: ApiClient[] }>('/v1/api-clients', query, options)).data;
  }

  /** A new API client; keep `clientSecret` of the answer when you asked for one, it is not shown again. */
  async create(body: ApiClientRequest, options?: RequestOptions): Promise<ApiClientWithSecret> {
    return (
      await this.transport.request<ApiClientWithSecret>({ method: 'POST', path: '/v1/api-clients', body }, options)
    ).data;
  }

  get(apiClientId: string, options?: RequestOptions): Promise<ApiClient> {
    return this.read(path`/v1/api-clients/${apiClientId}`, undefined, options);
  }

  /** Revokes the client: it gets no more tokens. */
  async revoke(apiClientId: string, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'DELETE', path: path`/v1/api-clients/${apiClientId}`, parse: 'none' },
      options,
    );
  }

  async listKeys(apiClientId: string, options?: RequestOptions): Promise<ApiClientKey[]> {
    return (await this.read<{ data: ApiClientKey[] }>(path`/v1/api-clients/${apiClientId}/keys`, undefined, options))
      .data;
  }

  /** Registers public keys (several at once, for a rotation); returns every key of the client. */
  async addKeys(apiClientId: string, keys: PublicJwk[], options?: RequestOptions): Promise<ApiClientKey[]> {
    const request = { method: 'POST', path: path`/v1/api-clients/${apiClientId}/keys`, body: { keys } } as const;
    return (await this.transport.request<{ data: ApiClientKey[] }>(request, options)).data.data;
  }

  async removeKey(apiClientId: string, kid: string, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'DELETE', path: path`/v1/api-clients/${apiClientId}/keys/${kid}`, parse: 'none' },
      options,
    );
  }

  /** A new client secret, shown this once; the previous one stops working now. */
  async replaceSecret(apiClientId: string, options?: RequestOptions): Promise<string> {
    const request = { method: 'POST', path: path`/v1/api-clients/${apiClientId}/secret` } as const;
    return (await this.transport.request<{ clientSecret: string }>(request, options)).data.clientSecret;
  }

  /** Removes the client secret: only keys get tokens from now on. */
  async removeSecret(apiClientId: string, options?: RequestOptions): Promise<void> {
    await this.transport.request(
      { method: 'DELETE', path: path`/v1/api-clients/${apiClientId}/secret`, parse: 'none' },
      options,
    );
  }
}
