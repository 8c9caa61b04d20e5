import type { Request } from 'express';
import passport from 'passport';

type Authenticator = InstanceType<typeof passport.Passport>;
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { Problem } from '../common/problem';
import { PartnerPrincipal } from './principal';
import { AccessTokenClaims, TOKEN_AUDIENCE, TokenService, TokenSettings } from './token.service';

/** The security scheme name used in @Security decorators and in the OpenAPI spec. */
export const OAUTH2 = 'oauth2';

const BEARER_CHALLENGE = 'Bearer realm="partnerweb"';

/** A passport instance of its own per app, so that two apps in one process (tests) never share keys. */
export function createAuthenticator(settings: TokenSettings): Authenticator {
  const authenticator = new passport.Passport();
  authenticator.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: settings.signingKey,
        issuer: settings.issuer,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      },
      (claims: AccessTokenClaims, done: (error: unknown, user?: PartnerPrincipal | false) => void) => {
        if (!claims.partner_id || !claims.sub) return done(null, false);
        done(null, TokenService.principalFromClaims(claims));
      },
    ),
  );
  return authenticator;
}

/** tsoa calls this for every operation with @Security; what it resolves becomes `request.user`. */
export function expressAuthentication(request: Request, securityName: string, scopes: string[] = []): Promise<PartnerPrincipal> {
  if (securityName !== OAUTH2) return Promise.reject(new Error(`unknown security scheme ${securityName}`));
  const authenticator = request.app.locals.authenticator as Authenticator;
  return new Promise((resolve, reject) => {
    authenticator.authenticate('jwt', { session: false }, (error: unknown, user: PartnerPrincipal | false, info: unknown) => {
      if (error) return reject(error);
      if (!user) {
        const reason = info instanceof Error ? info.message : 'no bearer token';
        return reject(
          new Problem('unauthenticated', `Send a valid access token from POST /oauth/token (${reason}).`, undefined, {
            'WWW-Authenticate': BEARER_CHALLENGE,
          }),
        );
      }
      const missing = scopes.filter((scope) => !user.scopes.includes(scope as never));
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
