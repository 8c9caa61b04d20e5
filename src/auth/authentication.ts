import { createSecretKey } from 'node:crypto';
import type { Handler, Request } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { Problem } from '../common/problem';
import type { ClientUsage } from './client-usage';
import type { EndUserPrincipal, EndUserTokenVerifier } from './end-user-tokens';
import type { MaskinportenTokens } from './maskinporten';
import { OperatorPrincipal, PartnerPrincipal } from './principal';
import { OPERATOR_SCOPE } from './scopes';
import { AccessTokenClaims, TOKEN_AUDIENCE, TokenService, TokenSettings } from './token.service';
import { VerifiedTokens } from './verified-tokens';
import type { Services } from '../services';

/** The security scheme names used in @Security decorators and in the OpenAPI spec. */
export const OAUTH2 = 'oauth2';
export const END_USER = 'end_user';

const BEARER_CHALLENGE = 'Bearer realm="partnerweb"';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** How an app checks partner and operator access tokens: passport, with the tokens it verified remembered. */
export interface Authenticator {
  /** `authenticate()` answers the Express middleware (@types/passport leaves it `any` by default). */
  passport: passport.Authenticator<Handler, Handler>;
  verifiedTokens: VerifiedTokens;
}

/**
 * passport's AuthenticateCallback as the jwt strategy calls it: an error (an Error: passport-jwt passes on what the
 * verify callback below passes or throws, and that is an Error or nothing); or the principal the verify callback
 * gave; or false, with the reason (passport-jwt's Error, or a message) in `info`.
 */
type JwtAuthenticateCallback = (
  error: Error | null,
  user: PartnerPrincipal | OperatorPrincipal | false,
  info?: unknown,
) => void;

/** A passport instance of its own per app, so that two apps in one process (tests) never share keys. */
export function createAuthenticator(settings: TokenSettings): Authenticator {
  // Typed as what it is: passport's authenticate() answers its middleware (the typings default it to `any`).
  const authenticator = new passport.Passport() as Authenticator['passport'];
  const verifiedTokens = new VerifiedTokens();
  authenticator.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: bearerToken,
        // A KeyObject made once: given a string, jsonwebtoken first tries it as a public key on every request
        // (an exception each time), which cost a fifth of the API's CPU under load.
        secretOrKey: createSecretKey(Buffer.from(settings.signingKey, 'utf8')) as never,
        issuer: settings.issuer,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
        passReqToCallback: true,
      },
      (
        req: Request,
        claims: AccessTokenClaims,
        done: (error: unknown, user?: PartnerPrincipal | OperatorPrincipal | false) => void,
      ) => {
        if (!claims.sub || (!claims.partner_id && claims.role !== 'operator')) return done(null, false);
        const principal = TokenService.principalFromClaims(claims);
        if (claims.exp) verifiedTokens.remember(bearerToken(req)!, principal, claims.exp * 1000);
        done(null, principal);
      },
    ),
  );
  return { passport: authenticator, verifiedTokens };
}

/** Records the client's use; answers the 403 problem when its token lacks a scope the operation needs. */
function scopeProblem(
  user: PartnerPrincipal | OperatorPrincipal,
  scopes: string[],
  request: Request,
): Problem | undefined {
  if (user.kind === 'operator' || !user.issuer)
    void (request.app.locals.clientUsage as ClientUsage | undefined)?.seen(user.apiClientId);
  const granted: string[] = user.kind === 'operator' ? [OPERATOR_SCOPE] : user.scopes;
  const missing = scopes.filter((scope) => !granted.includes(scope));
  if (!missing.length) return undefined;
  return new Problem('insufficient-scope', `This operation needs the scope ${missing.join(' ')}.`, undefined, {
    'WWW-Authenticate': `${BEARER_CHALLENGE}, error="insufficient_scope", scope="${scopes.join(' ')}"`,
  });
}

/** The principal if its token grants every scope the operation needs; otherwise throws the 403 problem. */
function withScopes(
  user: PartnerPrincipal | OperatorPrincipal,
  scopes: string[],
  request: Request,
): PartnerPrincipal | OperatorPrincipal {
  const problem = scopeProblem(user, scopes, request);
  if (problem) throw problem;
  return user;
}

/** tsoa calls this for every operation with @Security; what it resolves becomes `request.user`. */
export function expressAuthentication(
  request: Request,
  securityName: string,
  scopes: string[] = [],
): Promise<PartnerPrincipal | OperatorPrincipal | EndUserPrincipal> {
  if (securityName === END_USER) return authenticateEndUser(request);
  if (securityName !== OAUTH2) return Promise.reject(new Error(`unknown security scheme ${securityName}`));
  const { passport: authenticator, verifiedTokens } = request.app.locals.authenticator as Authenticator;
  const token = bearerToken(request);
  const known = token ? verifiedTokens.get(token, Date.now()) : undefined;
  if (known) return new Promise((resolve) => resolve(withScopes(known, scopes, request)));
  const maskinporten = request.app.locals.maskinporten as MaskinportenTokens | undefined;
  if (token && maskinporten) return viaMaskinporten(maskinporten, verifiedTokens, token, scopes, request);
  return viaPassport(authenticator, scopes, request);
}

/** A token of Maskinporten's is verified against its keys; any other goes on to our own verification. */
async function viaMaskinporten(
  maskinporten: MaskinportenTokens,
  verifiedTokens: VerifiedTokens,
  token: string,
  scopes: string[],
  request: Request,
): Promise<PartnerPrincipal | OperatorPrincipal> {
  if (!(await maskinporten.issued(token)))
    return viaPassport((request.app.locals.authenticator as Authenticator).passport, scopes, request);
  const { principal, expiresAtMs } = await maskinporten.verify(token);
  verifiedTokens.remember(token, principal, expiresAtMs);
  return withScopes(principal, scopes, request);
}

/** Our own access tokens: passport-jwt (HS256, issuer, audience, expiry). */
function viaPassport(
  authenticator: Authenticator['passport'],
  scopes: string[],
  request: Request,
): Promise<PartnerPrincipal | OperatorPrincipal> {
  return new Promise((resolve, reject) => {
    const done: JwtAuthenticateCallback = (error, user, info) => {
      if (error) return reject(error);
      if (!user) {
        const reason = info instanceof Error ? info.message : 'no bearer token';
        return reject(
          new Problem('unauthenticated', `Send a valid access token from POST /oauth/token (${reason}).`, undefined, {
            'WWW-Authenticate': BEARER_CHALLENGE,
          }),
        );
      }
      const problem = scopeProblem(user, scopes, request);
      if (problem) return reject(problem);
      resolve(user);
    };
    authenticator.authenticate('jwt', { session: false }, done)(request, request.res!, () => undefined);
  });
}

/** An end user's eID token (Bearer), verified against the configured OpenID provider's keys. */
async function authenticateEndUser(request: Request): Promise<EndUserPrincipal> {
  const verifier = request.app.locals.endUserTokens as EndUserTokenVerifier;
  const header = request.get('Authorization');
  if (!header?.startsWith('Bearer ')) {
    throw new Problem(
      'unauthenticated',
      'Sign in with your eID and send its token as "Authorization: Bearer <token>".',
      undefined,
      {
        'WWW-Authenticate': 'Bearer realm="partnerweb-end-users"',
      },
    );
  }
  const token = header.slice(7).trim();
  const verified = verifiedEndUsers.get(request);
  return verified?.token === token ? verified.principal : verifier.verify(token);
}

/** End users whose token the rate limiter verified for this request: not verified twice. */
const verifiedEndUsers = new WeakMap<Request, { token: string; principal: EndUserPrincipal }>();

/** The caller a request's token verifiably names; `failed` when it presents credentials that do not verify. */
export type VerifiedCaller = { key: string } | 'failed' | undefined;

/**
 * Who is calling, for the rate limiter: a key from a token only once its signature and claims are verified
 * (our own tokens, Maskinporten's, an end user's eID token), never from claims read unverified. Verified
 * tokens are remembered, so that authentication of the same request (and the next ones) costs no second check.
 */
export async function verifiedCaller(request: Request): Promise<VerifiedCaller> {
  if (request.get('Authorization') === undefined) return undefined;
  const token = bearerToken(request);
  if (!token) return 'failed';
  const { passport: authenticator, verifiedTokens } = request.app.locals.authenticator as Authenticator;
  const known = verifiedTokens.get(token, Date.now());
  if (known) return { key: `${known.kind}:${known.apiClientId}` };
  try {
    const maskinporten = request.app.locals.maskinporten as MaskinportenTokens | undefined;
    if (maskinporten && (await maskinporten.issued(token))) {
      const { principal, expiresAtMs } = await maskinporten.verify(token);
      verifiedTokens.remember(token, principal, expiresAtMs);
      return { key: `partner:${principal.apiClientId}` };
    }
    const ours = await passportPrincipal(authenticator, request);
    if (ours) return { key: `${ours.kind}:${ours.apiClientId}` };
    const endUser = await (request.app.locals.endUserTokens as EndUserTokenVerifier).verify(token);
    verifiedEndUsers.set(request, { token, principal: endUser });
    // The keyed hash (a plain one is reversed by trying every valid number): no national id in the bucket table.
    const hasher = (request.app.locals.services as Services).nationalIdHasher;
    return { key: `end-user:${hasher.hash(endUser.nationalId).slice(0, 32)}` };
  } catch {
    return 'failed';
  }
}

/** Our own token's principal if it verifies (remembered by the strategy), otherwise undefined. */
function passportPrincipal(
  authenticator: Authenticator['passport'],
  request: Request,
): Promise<PartnerPrincipal | OperatorPrincipal | undefined> {
  return new Promise((resolve) => {
    const done: JwtAuthenticateCallback = (error, user) => resolve(error || !user ? undefined : user);
    authenticator.authenticate('jwt', { session: false }, done)(request, request.res!, () => undefined);
  });
}
