import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { EndUserPrincipal } from '../auth/end-user-tokens';
import type { OperatorPrincipal, PartnerPrincipal } from '../auth/principal';
import { Problem } from '../common/problem';
import { seal, unseal } from '../common/secret-box';
import { poolExecutor } from '../db/sql-executor';
import { maskNationalId, maskNationalIdsIn } from '../privacy/national-id-privacy';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

/** The request as a hash: method, URL, JSON body and, for an upload, the files' bytes. */
function fingerprint(req: Request): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);
  const files = Array.isArray(req.files) ? req.files : Object.values(req.files ?? {}).flat();
  for (const file of files)
    hash.update(`\n${file.fieldname} ${file.originalname} ${file.mimetype}\n`).update(file.buffer);
  return hash.digest('hex');
}

type Caller = PartnerPrincipal | OperatorPrincipal | EndUserPrincipal;

/**
 * What the middleware takes from the app's services (`app.locals.services`), named here rather than imported:
 * idempotency is a feature below the composition root, which imports it.
 */
interface IdempotencyDependencies {
  dataSource: DataSource;
  nationalIdHasher: { hash(nationalId: string): string };
  config: { webhooks: { secretKey: string } };
  logger: Logger;
}

/** One repository per DataSource (an app; tests run several), not one per request. */
const repositories = new WeakMap<DataSource, IdempotencyKeysRepository>();

function repositoryFor(dataSource: DataSource): IdempotencyKeysRepository {
  let keys = repositories.get(dataSource);
  if (!keys) {
    keys = new IdempotencyKeysRepository(poolExecutor(dataSource));
    repositories.set(dataSource, keys);
  }
  return keys;
}

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
function callerOf(user: Caller, services: IdempotencyDependencies): string {
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
    const services = req.app.locals.services as IdempotencyDependencies;
    const keys = repositoryFor(services.dataSource);
    const user = principal(req);
    const caller = callerOf(user, services);
    // Stored answers can hold secrets (a webhook endpoint's signing secret) and personal data: sealed like the secrets.
    const secretKey = services.config.webhooks.secretKey;
    const print = fingerprint(req);
    if (!(await keys.claim(caller, key, print))) {
      const stored = await keys.find(caller, key);
      // (not found: the first request's 5xx forgot it a moment ago; a retry claims it, as if it were in flight)
      if (stored && stored.request_fingerprint !== print) {
        throw new Problem(
          'idempotency-key-reused',
          'This Idempotency-Key was sent before with another request; use a new key.',
        );
      }
      if (!stored?.completed_at) {
        throw new Problem(
          'idempotency-key-in-flight',
          'The first request with this key is still running; retry shortly.',
          undefined,
          {
            'Retry-After': '1',
          },
        );
      }
      for (const [name, value] of Object.entries(stored.response_headers ?? {})) res.setHeader(name, value);
      res.setHeader('Idempotent-Replayed', 'true');
      // (answers stored before they were sealed are sent as they are; keys live a day)
      const storedBody = stored.response_body?.startsWith('v1:')
        ? unseal(stored.response_body, secretKey)
        : stored.response_body;
      res.status(stored.status_code ?? 500).send(storedBody === null ? storedBody : replayable(storedBody, user));
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
          ? keys.forget(caller, key)
          : keys.storeAnswer(caller, key, {
              statusCode: res.statusCode,
              headers,
              sealedBody: seal(storable(body), secretKey),
            });
      store
        .catch((error: unknown) =>
          (req.log ?? services.logger).error({ err: error }, 'could not store the idempotent answer'),
        )
        .finally(() => send(chunk));
      return res;
    }) as Response['send'];
    next();
  } catch (error) {
    next(error);
  }
}
