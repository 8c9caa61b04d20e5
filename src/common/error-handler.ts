import { ValidateError } from '@tsoa/runtime';
import type { NextFunction, Request, Response } from 'express';
import { MulterError } from 'multer';
import { QueryFailedError } from 'typeorm';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { InvalidField, Problem, problemBody } from './problem';

export const PROBLEM_JSON = 'application/problem+json';
/** What a 503 asks the client to wait: about how long a database restart or fail-over takes. */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(req: Request, res: Response, problem: Problem): void {
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problemBody(problem, req.originalUrl.split('?')[0], req.requestId)));
}

/**
 * tsoa explains a value outside a union of literals ('json' | 'csv' | 'ndjson') as a list of failed matches;
 * a person wants the allowed values.
 */
function readable(message: string): string {
  if (!message.startsWith('Could not match the union')) return message;
  const allowed = [...message.matchAll(/one of the following; \[([^\]]*)\]/g)].flatMap((m) => m[1].split(',').map((v) => v.trim().replace(/^'|'$/g, '')));
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
    else if (!(key in (req.query as object)) && value !== undefined && req.path.split('/').includes(encodeURIComponent(String(value)))) where = 'path';
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
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      (req.log ?? logger).error({ err, requestId: req.requestId }, 'error after the answer had started');
      res.destroy();
      return;
    }
    let problem: Problem;
    if (err instanceof Problem) {
      problem = err;
    } else if (err instanceof ValidateError) {
      const errors = fromTsoa(err, req);
      problem = new Problem('validation-failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    } else if ((err as HttpError)?.type === 'entity.parse.failed') {
      problem = new Problem('malformed-request', 'The body is not valid JSON.');
    } else if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '22P02') {
      // A value PostgreSQL could not read as its type (an id that is no UUID) that no validation caught: the
      // caller's input, not our failure. Logged, since a field's validation is missing somewhere.
      logger.warn({ err, requestId: req.requestId }, 'invalid input reached the database');
      problem = new Problem('validation-failed', 'A value in the request does not have the form this field needs (an id must be a UUID).');
    } else if (err instanceof MulterError) {
      problem =
        err.code === 'LIMIT_FILE_SIZE'
          ? new Problem('payload-too-large', 'The file is larger than the API accepts (10 MB).')
          : Problem.invalid(err.field ?? 'file', `the upload was refused: ${err.message}`);
    } else if ((err as HttpError)?.type === 'entity.too.large') {
      problem = new Problem('payload-too-large', 'The body is larger than the API accepts (100 kB).');
    } else if ((err as HttpError)?.type === 'charset.unsupported' || (err as HttpError)?.type === 'encoding.unsupported') {
      problem = new Problem('unsupported-media-type', 'The body must be UTF-8 JSON.');
    } else if ((err as HttpError)?.expose && ((err as HttpError).status ?? 500) < 500) {
      problem = new Problem('malformed-request', (err as Error).message);
    } else if (isDatabaseUnavailable(err)) {
      // Logged once per request at warn: the outage itself is the news, not each request's stack.
      (req.log ?? logger).warn({ requestId: req.requestId, reason: (err as Error).message }, 'database unavailable');
      problem = new Problem('service-unavailable', 'The database is unavailable; try again after the Retry-After seconds.', undefined, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
    } else {
      (req.log ?? logger).error({ err, requestId: req.requestId }, 'unhandled error');
      problem = new Problem('internal-error', `Quote request id ${req.requestId} to support.`);
    }
    sendProblem(req, res, problem);
  };
}

export function notFoundHandler(req: Request, res: Response): void {
  sendProblem(req, res, new Problem('not-found', `There is no ${req.method} ${req.path} in this API.`));
}
