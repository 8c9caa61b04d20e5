import express, { RequestHandler, Router } from 'express';
import { isUnreadableText } from '../common/input-guard';
import { Problem } from '../common/problem';
import { CLIENT_ASSERTION_TYPE } from './client-assertion';
import type { TokenService } from './token.service';

interface TokenRequestBody {
  grant_type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  client_assertion_type?: unknown;
  client_assertion?: unknown;
  scope?: unknown;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined. Undecodable ones are no credentials.
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return { id: '', secret: '' };
  }
}

/** A credential as text, or undefined: empty, too long, or holding NUL or a lone surrogate (no client has one). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 512 && !isUnreadableText(value)
    ? value
    : undefined;
}

/** RFC 7523 client authentication: the assertion (a JWT), or undefined when the request authenticates otherwise. */
function clientAssertion(body: TokenRequestBody, authorization: string | undefined): string | undefined {
  if (body.client_assertion_type === undefined && body.client_assertion === undefined) return undefined;
  // RFC 6749 §2.3: one way of client authentication per request.
  if (authorization !== undefined || body.client_secret !== undefined) {
    throw new Problem(
      'invalid-client',
      'Authenticate the client one way only: a client_assertion, or a secret, not both.',
    );
  }
  if (body.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
    throw new Problem(
      'invalid-client',
      `Send client_assertion_type=${CLIENT_ASSERTION_TYPE} with the client_assertion.`,
      [{ in: 'body', field: 'client_assertion_type', message: `must be ${CLIENT_ASSERTION_TYPE}` }],
    );
  }
  if (
    typeof body.client_assertion !== 'string' ||
    body.client_assertion.length === 0 ||
    body.client_assertion.length > 8192
  ) {
    throw new Problem('invalid-client', 'Send the client_assertion, a signed JWT.', [
      { in: 'body', field: 'client_assertion', message: 'must be a JWT' },
    ]);
  }
  return body.client_assertion;
}

/**
 * POST /oauth/token: the OAuth2 client credentials grant. The client authenticates with a client assertion
 * signed by its private key (RFC 7523), or with its id and secret by HTTP Basic or as form fields; the body is
 * application/x-www-form-urlencoded as the RFC says, JSON accepted too.
 */
export function tokenRouter(tokens: TokenService, limit: RequestHandler): Router {
  const router = Router();
  router.post(
    '/oauth/token',
    limit,
    express.urlencoded({ extended: false, limit: '10kb' }),
    express.json({ limit: '10kb' }),
    async (req, res, next) => {
      try {
        const body = (req.body ?? {}) as TokenRequestBody;
        if (body.grant_type !== 'client_credentials') {
          throw new Problem('unsupported-grant-type', 'Send grant_type=client_credentials.', [
            { in: 'body', field: 'grant_type', message: 'must be client_credentials' },
          ]);
        }
        const scope = typeof body.scope === 'string' ? body.scope : undefined;
        const assertion = clientAssertion(body, req.get('Authorization'));
        if (assertion !== undefined) {
          res.setHeader('Cache-Control', 'no-store');
          res.json(await tokens.issueForAssertion(assertion, text(body.client_id), scope));
          return;
        }
        const basic = basicCredentials(req.get('Authorization'));
        const clientId = basic ? text(basic.id) : text(body.client_id);
        const clientSecret = basic ? text(basic.secret) : text(body.client_secret);
        if (!clientId || !clientSecret) {
          throw new Problem(
            'invalid-client',
            'Send the client id and secret by HTTP Basic or as client_id and client_secret.',
            undefined,
            {
              'WWW-Authenticate': 'Basic realm="partnerweb"',
            },
          );
        }
        const token = await tokens.issue(clientId, clientSecret, scope);
        res.setHeader('Cache-Control', 'no-store');
        res.json(token);
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
