import type { Credentials, Transport } from './transport.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Ask for fewer scopes than the client has, space-separated. */
  scope?: string;
}

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

/**
 * Access tokens by the OAuth2 client-credentials grant, kept until shortly before they expire and shared by
 * concurrent calls. The token request goes through the same transport as every call, so it is retried alike.
 */
export class TokenSource implements Credentials {
  private cached?: { value: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly transport: Transport,
    private readonly credentials: ClientCredentials,
  ) {}

  async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.token()}` };
  }

  renew(): void {
    this.cached = undefined;
  }

  private token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached.value);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret, scope } = this.credentials;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) form.set('scope', scope);
    // RFC 6749 §2.3.1: both parts form-encoded before Basic; the result is ASCII, so btoa suffices (no Buffer).
    const basic = btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`);
    const { data } = await this.transport.request<TokenAnswer>({
      method: 'POST',
      path: '/oauth/token',
      body: form,
      headers: { Authorization: `Basic ${basic}` },
      auth: false,
    });
    const lifetimeMs = Number(data.expires_in ?? 60) * 1000;
    // Renewed at 80 % of its lifetime, so that a token never expires on its way to the server.
    this.cached = { value: data.access_token, renewAt: Date.now() + lifetimeMs * 0.8 };
    return data.access_token;
  }
}
