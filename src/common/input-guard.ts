import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type multer from 'multer';
import { Problem } from './problem';

/**
 * Text the API cannot store or echo safely: NUL (PostgreSQL refuses it in text) and a lone UTF-16 surrogate
 * (not Unicode; it turns into U+FFFD or an exception wherever it is encoded). With the u flag a valid pair
 * is one astral code point, so only a lone half matches \p{Cs}.
 */
const UNREADABLE = /[\0\p{Cs}]/u;

export const isUnreadableText = (value: string): boolean => UNREADABLE.test(value);

const UNREADABLE_MESSAGE = 'contains a NUL character or a lone UTF-16 surrogate, which no field accepts';

/** How deep a JSON body may nest: no operation's body goes past a few levels, and deeper ones cost stack. */
const MAX_BODY_DEPTH = 32;
const TOO_DEEP_MESSAGE = `nests deeper than ${MAX_BODY_DEPTH} levels, which no field accepts`;

interface Unreadable {
  field: string;
  message: string;
}

/** The first string (or object key) in `value` that is unreadable, as a tsoa-style field path (`a.b.$0`). */
function findUnreadable(value: unknown, path: string, depth = 0): Unreadable | undefined {
  if (typeof value === 'string')
    return UNREADABLE.test(value) ? { field: path, message: UNREADABLE_MESSAGE } : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  // Refused rather than skipped: a body this deep would overflow the stack of whatever serialises it next.
  if (depth >= MAX_BODY_DEPTH) return { field: path || '(body)', message: TOO_DEEP_MESSAGE };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnreadable(value[i], `${path}.$${i}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (UNREADABLE.test(key)) return { field: path ? `${path}.(key)` : '(key)', message: UNREADABLE_MESSAGE };
    const found = findUnreadable(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Refuses a query or JSON body holding unreadable text, naming the field, before any route sees it. */
export function rejectUnreadableText(req: Request, _res: Response, next: NextFunction): void {
  const query = findUnreadable(req.query, '');
  if (query) return next(Problem.invalid(query.field, query.message, 'query'));
  if (req.body !== undefined && typeof req.body === 'object') {
    const body = findUnreadable(req.body, '');
    if (body) return next(Problem.invalid(body.field, body.message, 'body'));
  }
  next();
}

interface PathTemplate {
  pattern: RegExp;
  names: string[];
}

/** The spec's path templates as patterns that match any (even undecodable) segment, to name a bad parameter. */
function pathTemplates(spec: { paths?: Record<string, unknown> }): PathTemplate[] {
  return Object.keys(spec.paths ?? {}).map((template) => {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        const name = /^\{(.+)\}$/.exec(segment)?.[1];
        if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]*)';
      })
      .join('/');
    return { pattern: new RegExp(`^${source}/?$`), names };
  });
}

function decodes(segment: string): boolean {
  try {
    return !UNREADABLE.test(decodeURIComponent(segment));
  } catch {
    return false;
  }
}

/**
 * The router decodes path parameters and answers an undecodable one (`%E0%A4%A`, or `%ED%A0%80`, a surrogate
 * in UTF-8) with an error of its own that names nothing. Checked here first, for every route at once: the
 * parameter is named from the spec's path templates.
 */
export function pathParameterGuard(spec: { paths?: Record<string, unknown> }): RequestHandler {
  const templates = pathTemplates(spec);
  return (req, _res, next) => {
    const path = req.path;
    if (!path.includes('%')) return next();
    const bad = path.split('/').findIndex((segment) => segment.includes('%') && !decodes(segment));
    if (bad < 0) return next();
    const message = 'is not valid percent-encoded UTF-8 text';
    for (const { pattern, names } of templates) {
      const match = pattern.exec(path);
      if (!match) continue;
      const index = match.slice(1).findIndex((value) => value.includes('%') && !decodes(value));
      if (index >= 0) return next(Problem.invalid(names[index], message, 'path'));
    }
    next(
      new Problem('validation-failed', `The path segment ${bad} ${message}.`, [
        { in: 'path', field: `(segment ${bad})`, message },
      ]),
    );
  };
}

/**
 * Multer with its failures made the caller's: busboy's errors on a malformed multipart body (cut off, a broken
 * part header, no boundary) are plain Errors that would otherwise read as our fault, and a file name that is
 * not text is refused before it reaches the database.
 */
export function guardedMulter(upload: multer.Multer): multer.Multer {
  const guard =
    (middleware: RequestHandler): RequestHandler =>
    (req, res, next) =>
      middleware(req, res, (error?: unknown) => {
        if (error) {
          if ((error as { name?: string }).name === 'MulterError') return next(error);
          return next(
            new Problem('malformed-request', 'The multipart/form-data body could not be read.', [
              { in: 'body', field: '(body)', message: 'is not a well-formed multipart/form-data body' },
            ]),
          );
        }
        const files = req.files
          ? Array.isArray(req.files)
            ? req.files
            : Object.values(req.files).flat()
          : req.file
            ? [req.file]
            : [];
        const unnamed = files.find((file) => UNREADABLE.test(file.originalname));
        if (unnamed) return next(Problem.invalid(unnamed.fieldname, `its file name ${UNREADABLE_MESSAGE}`));
        next();
      });
  return new Proxy(upload, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => guard((value as (...a: unknown[]) => RequestHandler).apply(target, args));
    },
  });
}
