import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet is asked for: its defaults, but nothing that breaks Swagger UI on a developer's plain-http machine. */
export function securityHeaderOptions(isProduction: boolean): HelmetOptions {
  return {
    // Swagger UI is served over plain http on a developer's machine: no upgrade of its requests, no HSTS there.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: isProduction,
  };
}

/**
 * helmet's security headers, worked out once. With no function in the options (no CSP nonce), helmet writes the
 * same headers on every answer, through a chain of thirteen middlewares per request; here helmet runs once at
 * start against a recorder, and each answer gets what it wrote in one pass. helmet stays the one that decides
 * which headers and values.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): RequestHandler {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  } as unknown as ServerResponse;
  let done = false;
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder, (error?: unknown) => {
    failure = error;
    done = true;
  });
  // helmet's middlewares are synchronous; one that read the request or answered later would need helmet per request.
  if (!done || failure)
    throw new Error('helmet did not finish synchronously: its headers cannot be worked out once', { cause: failure });
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
