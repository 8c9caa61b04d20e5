import {
  CLIENT_ASSERTION_TYPE,
  createClientAssertion,
  type PrivateJwk,
  type SigningAlgorithm,
} from '../private-key-jwt.js';
import type { Credentials, Transport } from './transport.js';

export interface ClientCredentials {
  clientId: string;
  /** The client secret (development; keys are the way for production). */
  clientSecret?: string;
  /** Or: your private key (PKCS#8 PEM or a private JWK), for `private_key_jwt` client authentication (RFC 7523). */
  privateKey?: string | PrivateJwk;
  /** The `kid` you registered the public key under; defaults to the JWK's `kid`. */
  keyId?: string;
  /** The JWS algorithm; by default from the key. */
  algorithm?: SigningAlgorithm;
  /** The client assertion's `aud`; the token endpoint URL unless given. */
  audience?: string;
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
    private readonly tokenUrl: string,
  ) {
    if (!credentials.clientId || (!credentials.clientSecret && !credentials.privateKey)) {
      throw new TypeError('PartnerwebClient needs clientId, and clientSecret or privateKey');
    }
  }

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
    const { clientId, clientSecret, privateKey, scope, keyId, algorithm, audience } = this.credentials;
    const form = () => new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    const request = privateKey
      ? {
          // A new assertion for every attempt: the server accepts each `jti` once, so a retry must not resend one.
          bodyPerAttempt: async () => {
            const body = form();
            body.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
            body.set(
              'client_assertion',
              await createClientAssertion({
                clientId,
                privateKey,
                keyId,
                algorithm,
                audience: audience ?? this.tokenUrl,
              }),
            );
            return body;
          },
        }
      : {
          body: form(),
          // RFC 6749 §2.3.1: both parts form-encoded before Basic; the result is ASCII, so btoa suffices (no Buffer).
          headers: {
            Authorization: `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret!)}`)}`,
          },
        };
    const { data } = await this.transport.request<TokenAnswer>({
      method: 'POST',
      path: '/oauth/token',
      auth: false,
      ...request,
    });
    const lifetimeMs = Number(data.expires_in ?? 60) * 1000;
    // Renewed at 80 % of its lifetime, so that a token never expires on its way to the server.
    this.cached = { value: data.access_token, renewAt: Date.now() + lifetimeMs * 0.8 };
    return data.access_token;
  }
}
