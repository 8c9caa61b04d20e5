import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock';
import { Problem } from '../common/problem';
import { poolExecutor } from '../db/sql-executor';
import { MaskinportenPartnersRepository } from './maskinporten-partners.repository';
import type { MaskinportenConfig } from '../config';
import { loadJose } from './jose';
import type { PartnerPrincipal } from './principal';
import { isPartnerScope, type PartnerScope } from './scopes';

type KeyResolver = Parameters<Awaited<ReturnType<typeof loadJose>>['jwtVerify']>[1];

/** ISO 6523 ICD 0192: Norwegian organisation numbers, as Maskinporten's `consumer.ID` carries them. */
const NORWEGIAN_ORGANISATION = /^0192:(\d{9})$/;

function unauthenticated(detail: string): Problem {
  return new Problem('unauthenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="partnerweb"' });
}

/**
 * Access tokens issued by Maskinporten (or another server shaped like it), accepted beside our own: signature
 * against its JWKS (fetched and cached by jose), issuer, expiry and (when configured) audience; the partner is
 * the one registered with the organisation number of the `consumer` claim; the scopes are those under the
 * configured prefix, `<prefix>orders.read` granting `orders:read`.
 */
export class MaskinportenTokens {
  private keys: KeyResolver | undefined;
  private readonly partners: MaskinportenPartnersRepository;

  constructor(
    private readonly config: MaskinportenConfig,
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.partners = new MaskinportenPartnersRepository(poolExecutor(dataSource));
  }

  /** Whether the token names Maskinporten as its issuer: read unverified, only to choose the verifier. */
  async issued(token: string): Promise<boolean> {
    try {
      return (await loadJose()).decodeJwt(token).iss === this.config.issuer;
    } catch {
      return false;
    }
  }

  /** The partner principal the token stands for, and when the token expires; otherwise the 401 problem. */
  async verify(token: string): Promise<{ principal: PartnerPrincipal; expiresAtMs: number }> {
    const jose = await loadJose();
    this.keys ??= jose.createRemoteJWKSet(new URL(this.config.jwksUrl));
    let payload;
    try {
      ({ payload } = await jose.jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'],
        requiredClaims: ['exp'],
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      throw unauthenticated(`The Maskinporten token was refused (${(error as Error).message}).`);
    }
    const consumer = payload.consumer as { authority?: unknown; ID?: unknown } | undefined;
    const organisationNumber =
      typeof consumer?.ID === 'string' ? NORWEGIAN_ORGANISATION.exec(consumer.ID)?.[1] : undefined;
    if (consumer?.authority !== 'iso6523-actorid-upis' || !organisationNumber) {
      throw unauthenticated(
        'The Maskinporten token has no consumer organisation number (iso6523-actorid-upis, 0192:<organisation number>).',
      );
    }
    const partnerId = await this.partners.idByOrganisationNumber(organisationNumber);
    if (!partnerId) throw unauthenticated(`No partner is registered with organisation number ${organisationNumber}.`);
    const client = typeof payload.client_id === 'string' ? payload.client_id.slice(0, 200) : 'unknown';
    return {
      principal: {
        kind: 'partner',
        partnerId,
        apiClientId: `maskinporten:${client}`,
        clientId: `maskinporten:${client}`,
        scopes: this.scopes(payload.scope),
        issuer: 'maskinporten',
      },
      expiresAtMs: payload.exp! * 1000,
    };
  }

  private scopes(scope: unknown): PartnerScope[] {
    if (typeof scope !== 'string') return [];
    const granted = scope
      .split(' ')
      .filter((s) => s.startsWith(this.config.scopePrefix))
      .map((s) => s.slice(this.config.scopePrefix.length))
      // Maskinporten scope names allow no second colon: `orders.read` stands for our `orders:read`.
      .map((s) => (s.includes(':') ? s : s.replace(/\.(?=[^.]*$)/, ':')))
      .filter(isPartnerScope);
    return [...new Set(granted)];
  }
}
