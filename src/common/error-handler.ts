import { ValidateError } from '@tsoa/runtime';
import type { NextFunction, Request, Response } from 'express';
import { MulterError } from 'multer';
import { QueryFailedError } from 'typeorm';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './database-unavailable';
import { InvalidField, Problem, problemBody } from './problem';

export const PROBLEM_JSON = 'application/problem+json';
/** What a 503 asks the client to wait: about how long a database restart or fail-over takes. */
export const RETRY_AFTER_SECONDS = 5;

/** The last resort when even a problem cannot be written: fixed bytes, nothing from the request. */
const FALLBACK = JSON.stringify({
  type: '/problems/internal-error',
  code: 'internal-error',
  title: 'Something went wrong on our side',
  status: 500,
});

/** Text safe to serialise and send: a lone surrogate (from a caller's value echoed in a message) becomes U+FFFD. */
const wellFormed = (text: string | undefined): string | undefined =>
  typeof text === 'string' ? text.toWellFormed() : undefined;

export function sendProblem(req: Request, res: Response, problem: Problem): void {
  try {
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    const body = problemBody(problem, req.originalUrl.split('?')[0], req.requestId);
    body.detail = wellFormed(body.detail);
    body.instance = wellFormed(body.instance);
    body.errors = body.errors?.map((e) => ({ in: e.in, field: wellFormed(e.field)!, message: wellFormed(e.message)! }));
    res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(body));
  } catch {
    if (res.headersSent) return void res.destroy();
    res.statusCode = 500;
    res.setHeader('Content-Type', PROBLEM_JSON);
    res.end(FALLBACK);
  }
}

/**
 * tsoa explains a value outside a union of literals ('json' | 'csv' | 'ndjson') as a list of failed matches;
 * a person wants the allowed values.
 */
function readable(message: string): string {
  if (!message.startsWith('Could not match the union')) return message;
  const allowed = [...message.matchAll(/one of the following; \[([^\]]*)\]/g)].flatMap((m) =>
    m[1].split(',').map((v) => v.trim().replace(/^'|'$/g, '')),
  );
  return allowed.length ? `must be one of: ${[...new Set(allowed)].join(', ')}` : message;
}

/**
 * tsoa names fields `body.x` for the body and the bare parameter name for query, path and header values; which
 * of those it was is read off the request (an error handler no longer sees the route's `req.params`).
 */
function fromTsoa(error: ValidateError, req: Request): InvalidField[] {
  return Object.entries(error.fields).map(([key, { message: raw, value }]) => {
    const message = readable(raw);
    if (key === 'body' || key.startsWith('body.')) {
      return { in: 'body' as const, field: key === 'body' ? '(body)' : key.slice('body.'.length), message };
    }
    let where: InvalidField['in'] = 'query';
    if (!(key in (req.query as object)) && req.get(key) !== undefined) where = 'header';
    else if (
      !(key in (req.query as object)) &&
      value !== undefined &&
      req.path.split('/').includes(encodeURIComponent(String(value).toWellFormed()))
    )
      where = 'path';
    return { in: where, field: key, message };
  });
}

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Turns anything thrown into an application/problem+json answer; internals never leave the process. */
export function errorHandler(logger: Logger) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    // Never throws: whatever was thrown (a string, null, an object whose getters throw) ends as problem+json.
    let problem: Problem;
    try {
      if (res.headersSent) {
        (req.log ?? logger).error({ err, requestId: req.requestId }, 'error after the answer had started');
        res.destroy();
        return;
      }
      problem = toProblem(err, req, logger);
    } catch (failure) {
      try {
        logger.error({ err: failure, requestId: req.requestId }, 'the error handler failed on an error');
      } catch {
        // Logging is best effort here; the answer below still goes out.
      }
      problem = new Problem('internal-error', `Quote request id ${req.requestId} to support.`);
    }
    sendProblem(req, res, problem);
  };
}

/** What the caller is told about `err`; 4xx when the request was at fault, otherwise a logged 500. */
function toProblem(err: unknown, req: Request, logger: Logger): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof ValidateError) {
    const errors = fromTsoa(err, req);
    return new Problem('validation-failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
  const http = (err ?? {}) as HttpError;
  if (http.type === 'entity.parse.failed') return new Problem('malformed-request', 'The body is not valid JSON.');
  if (err instanceof QueryFailedError && INPUT_ERRORS.has((err.driverError as { code?: string })?.code ?? '')) {
    // A value PostgreSQL could not read as its type (an id that is no UUID, a date out of its range) that no
    // validation caught: the caller's input, not our failure. Logged, since a field's validation is missing.
    logger.warn({ err, requestId: req.requestId }, 'invalid input reached the database');
    return new Problem(
      'validation-failed',
      'A value in the request does not have the form its field needs (an id must be a UUID).',
    );
  }
  if (err instanceof MulterError) {
    return err.code === 'LIMIT_FILE_SIZE'
      ? new Problem('payload-too-large', 'The file is larger than the API accepts (10 MB).')
      : Problem.invalid(err.field ?? 'file', `the upload was refused: ${err.message}`);
  }
  if (http.type === 'entity.too.large')
    return new Problem('payload-too-large', 'The body is larger than the API accepts (100 kB).');
  if (http.type === 'charset.unsupported' || http.type === 'encoding.unsupported') {
    return new Problem('unsupported-media-type', 'The body must be UTF-8 JSON.');
  }
  const status = Number(http.status ?? http.statusCode);
  if (status >= 400 && status < 500) {
    // An HTTP error of Express or a body parser (e.g. an undecodable parameter): its message only when meant for callers.
    return new Problem(
      'malformed-request',
      http.expose ? String((err as Error).message) : 'The request could not be read.',
    );
  }
  if (isDatabaseUnavailable(err)) {
    // Logged once per request at warn: the outage itself is the news, not each request's stack.
    (req.log ?? logger).warn({ requestId: req.requestId, reason: (err as Error).message }, 'database unavailable');
    return new Problem(
      'service-unavailable',
      'The database is unavailable; try again after the Retry-After seconds.',
      undefined,
      {
        'Retry-After': String(RETRY_AFTER_SECONDS),
      },
    );
  }
  (req.log ?? logger).error({ err, requestId: req.requestId }, 'unhandled error');
  return new Problem('internal-error', `Quote request id ${req.requestId} to support.`);
}

/**
 * PostgreSQL's errors that only input causes: invalid text representation, datetime out of range, datetime
 * format, numeric out of range, a character not in UTF-8 (NUL). A net under the validation, never the plan.
 */
const INPUT_ERRORS = new Set(['22P02', '22008', '22007', '22003', '22021', '22P05']);

export function notFoundHandler(req: Request, res: Response): void {
  sendProblem(req, res, new Problem('not-found', `There is no ${req.method} ${req.path} in this API.`));
}
