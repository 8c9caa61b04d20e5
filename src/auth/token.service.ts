import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import { type ApiClientRow, ApiClientsRepository } from './api-clients.repository';
import type { ClientAssertions } from './client-assertion';
import { hashClientSecret, verifyClientSecret } from './client-secret';
import type { ClientUsage } from './client-usage';
import { OperatorPrincipal, PartnerPrincipal } from './principal';
import { isPartnerScope, OPERATOR_SCOPE, PartnerScope } from './scopes';

export const TOKEN_AUDIENCE = 'partnerweb-api';

export interface TokenSettings {
  signingKey: string;
  issuer: string;
  ttlSeconds: number;
}

/** The OAuth2 token response (RFC 6749 §5.1). */
export interface AccessTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** Claims of our access tokens, beyond the registered ones. */
export interface AccessTokenClaims {
  sub: string;
  /** Absent in an operator's token. */
  partner_id?: string;
  role?: 'operator';
  client: string;
  scope: string;
  /** Expiry, seconds since the epoch; jsonwebtoken sets it when signing (`expiresIn`). */
  exp?: number;
}

/**
 * Issues access tokens for partner API clients (OAuth2 client credentials grant): the client authenticates
 * with a client assertion signed by its private key (RFC 7523), or, for development, with its secret.
 */
export class TokenService {
  /** Hash compared when the client id is unknown, so that a wrong id costs as long as a wrong secret. */
  private readonly decoyHash = hashClientSecret('decoy');
  private readonly clients: ApiClientsRepository;

  constructor(
    dataSource: DataSource,
    private readonly settings: TokenSettings,
    private readonly assertions: ClientAssertions,
    private readonly usage: ClientUsage,
  ) {
    this.clients = new ApiClientsRepository(poolExecutor(dataSource));
  }

  /** Client id and secret (HTTP Basic or form fields). */
  async issue(clientId: string, clientSecret: string, requestedScope?: string): Promise<AccessTokenResponse> {
    const client = await this.clients.findByClientId(clientId);
    const valid = await verifyClientSecret(clientSecret, client?.secret_hash ?? (await this.decoyHash));
    if (!client || !valid || client.disabled_at) {
      throw new Problem('invalid-client', 'Unknown client id, wrong secret, or a disabled client.', undefined, {
        'WWW-Authenticate': 'Basic realm="partnerweb"',
      });
    }
    return this.issueFor(client, requestedScope);
  }

  /** A client assertion (RFC 7523 private_key_jwt); `clientId` is the optional client_id form field. */
  async issueForAssertion(
    assertion: string,
    clientId: string | undefined,
    requestedScope?: string,
  ): Promise<AccessTokenResponse> {
    const { client, keyId } = await this.assertions.verify(assertion, clientId);
    const token = await this.issueFor(client, requestedScope);
    await this.usage.keyUsed(keyId);
    return token;
  }

  private async issueFor(client: ApiClientRow, requestedScope: string | undefined): Promise<AccessTokenResponse> {
    const scopes = client.role === 'operator' ? [OPERATOR_SCOPE] : this.grantedScopes(client, requestedScope);
    const claims = client.role === 'operator' ? { role: 'operator' } : { partner_id: client.partner_id };
    const accessToken = jwt.sign(
      { ...claims, client: client.client_id, scope: scopes.join(' ') },
      this.settings.signingKey,
      {
        algorithm: 'HS256',
        subject: client.id,
        issuer: this.settings.issuer,
        audience: TOKEN_AUDIENCE,
        expiresIn: this.settings.ttlSeconds,
        jwtid: randomUUID(),
      },
    );
    await this.usage.seen(client.id);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.settings.ttlSeconds,
      scope: scopes.join(' '),
    };
  }

  /** No scope asked: everything the client may have. Otherwise exactly what was asked, if all of it is allowed. */
  private grantedScopes(client: ApiClientRow, requested?: string): PartnerScope[] {
    const allowed = client.scopes.filter(isPartnerScope);
    if (!requested || !requested.trim()) return allowed;
    const asked = [...new Set(requested.trim().split(/\s+/))];
    const refused = asked.filter((s) => !allowed.includes(s as PartnerScope));
    if (refused.length) {
      throw new Problem('invalid-scope', `Not granted to this client: ${refused.join(', ')}.`, [
        { in: 'body', field: 'scope', message: `not granted: ${refused.join(', ')}` },
      ]);
    }
    return asked as PartnerScope[];
  }

  /** Turns verified claims into the principal the controllers see. */
  static principalFromClaims(claims: AccessTokenClaims): PartnerPrincipal | OperatorPrincipal {
    if (claims.role === 'operator') return { kind: 'operator', apiClientId: claims.sub, clientId: claims.client };
    return {
      kind: 'partner',
      partnerId: claims.partner_id!,
      apiClientId: claims.sub,
      clientId: claims.client,
      scopes: String(claims.scope ?? '')
        .split(' ')
        .filter(isPartnerScope),
    };
  }
}
