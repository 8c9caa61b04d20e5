import type { NextFunction, Request, Response } from 'express';

/**
 * Express 5's `req.query` is a getter that parses the query string again on every read, and tsoa reads it once per
 * declared parameter (seven times on the order list). Parsed once here and kept on the request as a plain value.
 */
export function parseQueryOnce(req: Request, _res: Response, next: NextFunction): void {
  Object.defineProperty(req, 'query', { value: req.query, writable: true, enumerable: true, configurable: true });
  next();
}
