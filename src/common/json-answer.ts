import type { Express, Response } from 'express';

/**
 * JSON answers written as one string with its length, in one write. Express's `res.json` hands the text to
 * `res.send`, which turns a body of 1,000 characters or more into a Buffer (a copy) so that Node writes the head
 * and the body as two chunks, and looks up the media type and the request's freshness on the way; an order page is
 * about 10 KB. What `res.send` would do differently is left to it: a HEAD request, a conditional request, an answer
 * with its own Content-Type (problem+json) or Transfer-Encoding, a 204 or 304, and no body at all go to Express's
 * own `res.json`, so every answer has the headers and body Express would give it (test/http-layers.test.ts).
 * Needs the app's `json replacer`, `json spaces` and `json escape` settings unset, as they are here.
 */
export function writeJsonInOnePiece(app: Express): void {
  for (const setting of ['json replacer', 'json spaces', 'json escape'])
    if (app.get(setting) !== undefined) throw new Error(`writeJsonInOnePiece does not apply '${setting}'`);
  const expressJson = app.response.json;
  app.response.json = function json(this: Response, body: unknown): Response {
    const { method, headers } = this.req;
    if (
      body === undefined ||
      method === 'HEAD' ||
      headers['if-none-match'] !== undefined ||
      headers['if-modified-since'] !== undefined ||
      this.statusCode === 204 ||
      this.statusCode === 304 ||
      this.hasHeader('Content-Type') ||
      this.hasHeader('Transfer-Encoding')
    )
      return expressJson.call(this, body);
    const text = JSON.stringify(body) as string | undefined; // undefined for a function or symbol
    if (text === undefined) return expressJson.call(this, body);
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    this.setHeader('Content-Length', String(Buffer.byteLength(text)));
    this.end(text);
    return this;
  };
}
