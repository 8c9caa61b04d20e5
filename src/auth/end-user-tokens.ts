import type { EndUserAuthConfig } from '../config';
import { Problem } from '../common/problem';
import { loadJose } from './jose';
import type { DevIdentityProvider } from './dev-identity-provider';

/** A signed-in end user: who the eID provider says they are. */
export interface EndUserPrincipal {
  kind: 'end_user';
  nationalId: string;
}

type KeyResolver = Parameters<Awaited<ReturnType<typeof loadJose>>['jwtVerify']>[1];

/**
 * Verifies end users' eID tokens: signature against the provider's JWKS (fetched and cached by jose, or the
 * development provider's own key), issuer, audience and expiry; the national identity number from the
 * configured claim.
 */
export class EndUserTokenVerifier {
  private keys: Promise<KeyResolver> | undefined;

  constructor(
    private readonly config: EndUserAuthConfig,
    private readonly devProvider?: DevIdentityProvider,
  ) {}

  private async resolver(): Promise<KeyResolver> {
    const jose = await loadJose();
    if (this.config.jwksUrl) return jose.createRemoteJWKSet(new URL(this.config.jwksUrl));
    if (!this.devProvider) throw new Error('no JWKS URL and no development identity provider');
    return jose.createLocalJWKSet(await this.devProvider.jwks());
  }

  async verify(token: string): Promise<EndUserPrincipal> {
    const jose = await loadJose();
    this.keys ??= this.resolver();
    let payload;
    try {
      ({ payload } = await jose.jwtVerify(token, await this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ['RS256', 'ES256', 'PS256'],
      }));
    } catch (error) {
      throw new Problem(
        'unauthenticated',
        `Sign in with your eID and send its token (${(error as Error).message}).`,
        undefined,
        {
          'WWW-Authenticate': 'Bearer realm="partnerweb-end-users"',
        },
      );
    }
    const nationalId = payload[this.config.nationalIdClaim];
    if (typeof nationalId !== 'string' || !/^\d{11}$/.test(nationalId)) {
      throw new Problem(
        'unauthenticated',
        `The eID token has no national identity number in the claim "${this.config.nationalIdClaim}".`,
      );
    }
    return { kind: 'end_user', nationalId };
  }
}
