import fs from 'node:fs';
import path from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { createAuthenticator, verifiedCaller } from './auth/authentication';
import { tokenRouter } from './auth/token.router';
import { DEPRECATIONS, Deprecation, deprecationHeaders } from './common/deprecation';
import { errorHandler, notFoundHandler } from './common/error-handler';
import { healthRouter } from './common/health';
import { guardedMulter, pathParameterGuard, rejectUnreadableText } from './common/input-guard';
import { writeJsonDirectly } from './common/json-answer';
import { Problem } from './common/problem';
import { problemPages } from './common/problem-pages';
import { projectRoot } from './common/project-root';
import { addressRateLimit, apiRateLimit } from './common/rate-limit';
import { parseQueryOnce } from './common/query-once';
import { requestId } from './common/request-id';
import { securityHeaderOptions, securityHeaders } from './common/security-headers';
import { routesByResource } from './common/routes-by-resource';
import { RegisterRoutes } from './generated/routes';
import { scimRouter } from './roster/scim.router';
import { accessLogRequest, accessLogRoute, errorWithoutParameters } from './logger';
import { MAX_POWER_OF_ATTORNEY_BYTES } from './powers-of-attorney/powers-of-attorney.service';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Services } from './services';

/** A committed OpenAPI document, read once at start. */
function readSpec(file: string): swaggerUi.JsonObject {
  return JSON.parse(fs.readFileSync(path.join(projectRoot(), 'openapi', file), 'utf8')) as swaggerUi.JsonObject;
}

const openApiSpec = readSpec('openapi.json');
/** The issuer's operator operations: a document and a Swagger UI of their own, not in the partners' (see finish-spec). */
const operatorSpec = readSpec('operator.json');

/** Where a body may be a file upload (multipart/form-data) instead of JSON. */
const UPLOAD_PATHS = ['/v1/powers-of-attorney'];

/** A state-changing request with a body must send JSON (or a file where uploads go); anything else would be read as "no body". */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
  if (UPLOAD_PATHS.includes(req.path)) {
    return next(
      req.is('multipart/form-data')
        ? undefined
        : new Problem('unsupported-media-type', 'Send the file as multipart/form-data, in the field "file".'),
    );
  }
  const hasBody = Number(req.get('Content-Length') ?? 0) > 0 || req.get('Transfer-Encoding') !== undefined;
  if (!hasBody || req.is(['application/json', 'application/*+json'])) return next();
  next(new Problem('unsupported-media-type', 'Send the body as application/json (UTF-8).'));
}

/** Builds the HTTP app: request id, logs, security headers, token endpoint, /v1 routes, docs, problem errors. */
export function createApp(services: Services, options: { deprecations?: Deprecation[] } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No automatic ETag on every JSON answer (a hash of each body): orders carry their own version ETag.
  app.set('etag', false);
  writeJsonDirectly(app);
  app.locals.services = services;
  app.locals.authenticator = createAuthenticator({
    signingKey: services.config.jwtSigningKey,
    issuer: services.config.jwtIssuer,
    ttlSeconds: services.config.tokenTtlSeconds,
  });

  app.use(requestId);
  if (services.metrics) app.use(services.metrics.middleware);
  // Access logs are written at info; with a quieter level the per-request logger would only cost time.
  if (services.logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: services.logger,
        genReqId: (req) => (req as Request).requestId,
        quietReqLogger: true,
        // What is logged of a request: no URL as sent, no query value that can hold personal data (see logger.ts).
        serializers: { req: accessLogRequest, err: errorWithoutParameters },
        customProps: (req) => accessLogRoute(req as Request) as object,
      }),
    );
  }
  app.use(securityHeaders(securityHeaderOptions(services.config.isProduction)));

  // Before any router decodes a path parameter: an undecodable one is the caller's 400, named from the spec.
  app.use(pathParameterGuard(openApiSpec));

  const pool = (services.dataSource.driver as PostgresDriver).master as Pool;
  const v1 = express.Router();
  v1.use(parseQueryOnce);
  const deprecations = options.deprecations ?? DEPRECATIONS;
  if (deprecations.length) v1.use(deprecationHeaders(deprecations));
  v1.use(
    // The caller as authentication verifies it (passed in: common/ imports no feature).
    apiRateLimit(
      pool,
      { perMinute: services.config.rateLimitPerMinute, authFailuresPerMinute: services.config.authFailuresPerMinute },
      verifiedCaller,
    ),
  );
  v1.use(requireJsonBody);
  v1.use(express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }));
  v1.use(rejectUnreadableText);
  // Uploads are held in memory up to the limit (10 MB), then refused with 413 before they are read further.
  const upload = guardedMulter(
    multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: MAX_POWER_OF_ATTORNEY_BYTES, files: 1, fields: 5, parts: 6 },
    }),
  );
  v1.use(routesByResource((router) => RegisterRoutes(router, { multer: upload })));
  // The API's requests go straight to its router: they skip the layers below (health, specs, Swagger UI, problem
  // pages, token endpoint, dev sign-in, SCIM), which Express would otherwise try one by one on every call.
  app.use((req, res, next) => (req.path.startsWith('/v1/') ? v1(req, res, next) : next()));

  app.use(healthRouter(services.dataSource));

  app.get('/openapi.json', (_req, res) => res.json(openApiSpec));
  app.get('/operator/openapi.json', (_req, res) => res.json(operatorSpec));
  const swaggerOptions = { persistAuthorization: true, displayRequestDuration: true };
  app.use(
    '/docs/operator',
    swaggerUi.serveFiles(operatorSpec),
    swaggerUi.setup(operatorSpec, { customSiteTitle: 'Partnerweb API: issuer operations', swaggerOptions }),
  );
  app.use(
    '/docs',
    swaggerUi.serveFiles(openApiSpec),
    swaggerUi.setup(openApiSpec, { customSiteTitle: 'Partnerweb API', swaggerOptions }),
  );
  app.use(problemPages());

  app.locals.endUserTokens = services.endUserTokens;
  app.locals.clientUsage = services.clientUsage;
  app.locals.maskinporten = services.maskinporten;

  // Shared by every instance on this database; the token endpoint by address, every attempt counted.
  app.use(
    tokenRouter(
      services.tokens,
      addressRateLimit(
        pool,
        'token',
        Math.min(services.config.rateLimitPerMinute, services.config.tokenRequestsPerMinute),
      ),
    ),
  );
  // Development only: the stand-in for the eID provider end users sign in with (absent in production).
  if (services.devIdentityProvider) app.use(services.devIdentityProvider.router());

  // SCIM 2.0 for the partners' HR directories: a protocol of its own (SCIM bodies and errors), beside /v1.
  app.use(
    '/scim/v2',
    scimRouter(services.roster, services.config.publicBaseUrl, {
      pool,
      perMinute: services.config.rateLimitPerMinute,
      authFailuresPerMinute: services.config.authFailuresPerMinute,
    }),
  );

  app.use(notFoundHandler);
  app.use(errorHandler(services.logger));
  return app;
}
