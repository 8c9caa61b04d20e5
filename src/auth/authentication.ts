import { createSecretKey } from 'node:crypto';
import type { Request } from 'express';
import passport from 'passport';

type Authenticator = InstanceType<typeof passport.Passport>;
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { Problem } from '../common/problem';
import type { EndUserPrincipal, EndUserTokenVerifier } from './end-user-tokens';
import { OperatorPrincipal, PartnerPrincipal } from './principal';
import { OPERATOR_SCOPE } from './scopes';
import { AccessTokenClaims, TOKEN_AUDIENCE, TokenService, TokenSettings } from './token.service';

/** The security scheme names used in @Security decorators and in the OpenAPI spec. */
export const OAUTH2 = 'oauth2';
export const END_USER = 'end_user';

const BEARER_CHALLENGE = 'Bearer realm="partnerweb"';

/** A passport instance of its own per app, so that two apps in one process (tests) never share keys. */
export function createAuthenticator(settings: TokenSettings): Authenticator {
  const authenticator = new passport.Passport();
  authenticator.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject made once: given a string, jsonwebtoken first tries it as a public key on every request
        // (an exception each time), which cost a fifth of the API's CPU under load.
        secretOrKey: createSecretKey(Buffer.from(settings.signingKey, 'utf8')) as never,
        issuer: settings.issuer,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      },
      (claims: AccessTokenClaims, done: (error: unknown, user?: PartnerPrincipal | OperatorPrincipal | false) => void) => {
        if (!claims.sub || (!claims.partner_id && claims.role !== 'operator')) return done(null, false);
        done(null, TokenService.principalFromClaims(claims));
      },
    ),
  );
  return authenticator;
}

/** tsoa calls this for every operation with @Security; what it resolves becomes `request.user`. */
export function expressAuthentication(
  request: Request,
  securityName: string,
  scopes: string[] = [],
): Promise<PartnerPrincipal | OperatorPrincipal | EndUserPrincipal> {
  if (securityName === END_USER) return authenticateEndUser(request);
  if (securityName !== OAUTH2) return Promise.reject(new Error(`unknown security scheme ${securityName}`));
  const authenticator = request.app.locals.authenticator as Authenticator;
  return new Promise((resolve, reject) => {
    authenticator.authenticate('jwt', { session: false }, (error: unknown, user: PartnerPrincipal | OperatorPrincipal | false, info: unknown) => {
      if (error) return reject(error);
      if (!user) {
        const reason = info instanceof Error ? info.message : 'no bearer token';
        return reject(
          new Problem('unauthenticated', `Send a valid access token from POST /oauth/token (${reason}).`, undefined, {
            'WWW-Authenticate': BEARER_CHALLENGE,
          }),
        );
      }
      const granted: string[] = user.kind === 'operator' ? [OPERATOR_SCOPE] : user.scopes;
      const missing = scopes.filter((scope) => !granted.includes(scope));
      if (missing.length) {
        return reject(
          new Problem('insufficient-scope', `This operation needs the scope ${missing.join(' ')}.`, undefined, {
            'WWW-Authenticate': `${BEARER_CHALLENGE}, error="insufficient_scope", scope="${scopes.join(' ')}"`,
          }),
        );
      }
      resolve(user);
    })(request, request.res, () => undefined);
  });
}

/** An end user's eID token (Bearer), verified against the configured OpenID provider's keys. */
async function authenticateEndUser(request: Request): Promise<EndUserPrincipal> {
  const verifier = request.app.locals.endUserTokens as EndUserTokenVerifier;
  const header = request.get('Authorization');
  if (!header?.startsWith('Bearer ')) {
    throw new Problem('unauthenticated', 'Sign in with your eID and send its token as "Authorization: Bearer <token>".', undefined, {
      'WWW-Authenticate': 'Bearer realm="partnerweb-end-users"',
    });
  }
  return verifier.verify(header.slice(7).trim());
}
