import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { EndUserPrincipal } from '../auth/end-user-tokens';
import type { OperatorPrincipal, PartnerPrincipal } from '../auth/principal';
import { maskNationalId, maskNationalIdsIn } from '../privacy/national-id-privacy';
import type { Services } from '../services';
import { seal, unseal } from '../webhooks/secret-box';
import { Problem } from './problem';

/** How long a key is remembered, and after how long an unfinished claim counts as abandoned (a crash). */
const KEY_LIFETIME = '24 hours';
const ABANDONED_AFTER = '60 seconds';
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

/** The request as a hash: method, URL, JSON body and, for an upload, the files' bytes. */
function fingerprint(req: Request): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);
  const files = (Array.isArray(req.files) ? req.files : Object.values(req.files ?? {}).flat()) as Express.Multer.File[];
  for (const file of files)
    hash.update(`\n${file.fieldname} ${file.originalname} ${file.mimetype}\n`).update(file.buffer);
  return hash.digest('hex');
}

type Caller = PartnerPrincipal | OperatorPrincipal | EndUserPrincipal;

function principal(req: Request): Caller {
  const user = req.user as Caller | undefined;
  if (!user) throw new Error('idempotent route reached without a principal');
  return user;
}

/**
 * Whose key space a key is in: the API client's, or the end user's. An end user is named by the keyed hash of
 * the national identity number (the first order comes before any end-user row exists); a plain hash of an
 * 11-digit number would be reversed by trying them all.
 */
function callerOf(user: Caller, services: Services): string {
  if (user.kind === 'end_user') return `end_user:${services.nationalIdHasher.hash(user.nationalId)}`;
  return `api_client:${user.apiClientId}`;
}

/**
 * The stored copy of an answer keeps no whole national identity number: each is masked. The end user's own
 * number is put back on replay, to the same end user (the key space is theirs), so a replay is the answer.
 */
function storable(body: string): string {
  return maskNationalIdsIn(body);
}

function replayable(body: string, user: Caller): string {
  return user.kind === 'end_user' ? body.split(maskNationalId(user.nationalId)).join(user.nationalId) : body;
}

/**
 * Idempotency-Key for state-changing POSTs: the first request with a key runs and its answer is stored; a retry
 * with the same key and body replays that answer; the same key with another body is 422; a key whose first
 * request is still running is 409. Keys are per caller (API client or end user) and kept for 24 hours.
 */
export async function idempotent(req: Request, res: Response, next: NextFunction): Promise<void> {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return next();
  try {
    if (key.length < 8 || key.length > 255)
      throw Problem.invalid('Idempotency-Key', 'must be 8 to 255 characters', 'header');
    const services = req.app.locals.services as Services;
    const { dataSource } = services;
    const user = principal(req);
    const caller = callerOf(user, services);
    // Stored answers can hold secrets (a webhook endpoint's signing secret) and personal data: sealed like the secrets.
    const secretKey = services.config.webhooks.secretKey;
    const print = fingerprint(req);
    const claimed: unknown[] = await dataSource.query(
      `INSERT INTO idempotency_key (caller, key, request_fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (caller, key) DO UPDATE
         SET request_fingerprint = EXCLUDED.request_fingerprint, created_at = now(),
             status_code = NULL, response_headers = NULL, response_body = NULL, completed_at = NULL
       WHERE idempotency_key.created_at < now() - interval '${KEY_LIFETIME}'
          OR (idempotency_key.completed_at IS NULL
              AND idempotency_key.created_at < now() - interval '${ABANDONED_AFTER}'
              AND idempotency_key.request_fingerprint = EXCLUDED.request_fingerprint)
       RETURNING 1`,
      [caller, key, print],
    );
    if (claimed.length === 0) {
      const [stored] = await dataSource.query(
        `SELECT request_fingerprint, status_code, response_headers, response_body, completed_at
           FROM idempotency_key WHERE caller = $1 AND key = $2`,
        [caller, key],
      );
      if (stored.request_fingerprint !== print) {
        throw new Problem(
          'idempotency-key-reused',
          'This Idempotency-Key was sent before with another request; use a new key.',
        );
      }
      if (!stored.completed_at) {
        throw new Problem(
          'idempotency-key-in-flight',
          'The first request with this key is still running; retry shortly.',
          undefined,
          {
            'Retry-After': '1',
          },
        );
      }
      for (const [name, value] of Object.entries(stored.response_headers ?? {})) res.setHeader(name, value as string);
      res.setHeader('Idempotent-Replayed', 'true');
      // (answers stored before they were sealed are sent as they are; keys live a day)
      const storedBody: string | null = stored.response_body?.startsWith('v1:')
        ? unseal(stored.response_body, secretKey)
        : stored.response_body;
      res.status(stored.status_code).send(storedBody === null ? storedBody : replayable(storedBody, user));
      return;
    }
    // The answer is stored before it is sent, so that a retry after the answer always finds it.
    const send = res.send.bind(res);
    res.send = ((chunk?: unknown) => {
      const body = Buffer.isBuffer(chunk)
        ? chunk.toString('utf8')
        : typeof chunk === 'string'
          ? chunk
          : JSON.stringify(chunk ?? '');
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.filter((h) => res.getHeader(h)).map((h) => [h, String(res.getHeader(h))]),
      );
      // A 5xx is our failure, not an answer: forget the key so that a retry runs again.
      const store =
        res.statusCode >= 500
          ? dataSource.query(`DELETE FROM idempotency_key WHERE caller = $1 AND key = $2`, [caller, key])
          : dataSource.query(
              `UPDATE idempotency_key SET status_code = $3, response_headers = $4, response_body = $5, completed_at = now()
                WHERE caller = $1 AND key = $2`,
              [caller, key, res.statusCode, JSON.stringify(headers), seal(storable(body), secretKey)],
            );
      store
        .catch((error: unknown) =>
          (req.log ?? (req.app.locals.services as Services).logger).error(
            { err: error },
            'could not store the idempotent answer',
          ),
        )
        .finally(() => send(chunk as never));
      return res;
    }) as Response['send'];
    next();
  } catch (error) {
    next(error);
  }
}
