import type { Express, Response } from 'express';

/**
 * JSON answers written straight to Node's response: the text as UTF-8 bytes, Content-Type and Content-Length, end.
 * Express's `res.json` hands the text to `res.send`, which on every answer parses and looks up the media type
 * again (content-type, mime-types), sets the charset, reads the headers back and checks the request's freshness;
 * for the API's order page that bookkeeping was up to an eighth of what writing the answer cost (npm run
 * bench:json). What `res.send` would do differently is left to it, so every answer has the status, headers and
 * body Express would give it (test/http-layers.test.ts): a HEAD or conditional request, an answer with its own
 * Content-Type (problem+json) or Transfer-Encoding, a 204, 205 or 304, an app that makes ETags, no body, and an
 * answer whose `res.send` a layer has wrapped (src/idempotency keeps the body it sends) go to Express's `res.json`.
 * The bytes are a Buffer, as Express makes a large body: Node then writes the head and the body side by side,
 * where a string body would be copied once more to join the head (10 KB an order page, npm run
 * bench:allocations). Needs the app's `json replacer`, `json spaces` and `json escape` settings unset.
 */
export function writeJsonDirectly(app: Express): void {
  for (const setting of ['json replacer', 'json spaces', 'json escape'])
    if (app.get(setting) !== undefined) throw new Error(`writeJsonDirectly does not apply '${setting}'`);
  const expressJson = app.response.json;
  const expressSend = app.response.send;
  app.response.json = function json(this: Response, body: unknown): Response {
    const { method, headers } = this.req;
    if (
      body === undefined ||
      method === 'HEAD' ||
      headers['if-none-match'] !== undefined ||
      headers['if-modified-since'] !== undefined ||
      this.statusCode === 204 ||
      this.statusCode === 205 ||
      this.statusCode === 304 ||
      this.app.get('etag fn') !== undefined || // Express would add an ETag of the body
      this.hasHeader('Content-Type') ||
      this.hasHeader('Transfer-Encoding') ||
      this.send !== expressSend // a layer listens to res.send (idempotency keeps the body to replay it)
    )
      return expressJson.call(this, body);
    const text = JSON.stringify(body) as string | undefined; // undefined for a function or symbol
    if (text === undefined) return expressJson.call(this, body);
    const bytes = Buffer.from(text);
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    this.setHeader('Content-Length', String(bytes.length));
    this.end(bytes);
    return this;
  };
}
