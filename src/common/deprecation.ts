import type { NextFunction, Request, Response } from 'express';

/**
 * Something of /v1 that is deprecated (see the versioning policy in the README): a whole operation, or one of its
 * query parameters. It keeps working until `sunset`; meanwhile every answer that uses it carries `Deprecation`
 * (RFC 9745), `Sunset` (RFC 8594) and a `Link` to what replaces it, and the spec marks it `deprecated`.
 */
export interface Deprecation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path as in the spec, e.g. `/v1/orders/{orderId}`. */
  path: string;
  /** A query parameter, when only it is deprecated. */
  parameter?: string;
  /** When it was deprecated (ISO 8601). */
  since: string;
  /** When it may stop working: at least six months after `since` (ISO 8601). */
  sunset: string;
  /** Where to read about the replacement: a README anchor or a CHANGELOG entry. */
  link: string;
}

/** What is deprecated now. Nothing yet: /v1 is as first published. Read by the app and by scripts/finish-spec.mjs. */
export const DEPRECATIONS: Deprecation[] = [];

const matcher = (path: string): RegExp => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);

/** Sets the deprecation headers on answers to deprecated operations, or to requests using a deprecated parameter. */
export function deprecationHeaders(deprecations: Deprecation[]) {
  const compiled = deprecations.map((d) => ({ ...d, pattern: matcher(d.path) }));
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.baseUrl + req.path;
    const hit = compiled.find(
      (d) => d.method === req.method && d.pattern.test(path) && (!d.parameter || req.query[d.parameter] !== undefined),
    );
    if (hit) {
      res.setHeader('Deprecation', `@${Math.floor(Date.parse(hit.since) / 1000)}`);
      res.setHeader('Sunset', new Date(hit.sunset).toUTCString());
      res.setHeader('Link', `<${hit.link}>; rel="deprecation"`);
    }
    next();
  };
}
