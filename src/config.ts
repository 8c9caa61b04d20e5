import path from 'node:path';

/** Signing key used when none is configured: fine for a laptop, refused in production. */
export const DEVELOPMENT_SIGNING_KEY = 'partnerweb-development-signing-key-do-not-use-in-production';
/** Key that seals webhook secrets when none is configured: fine for a laptop, refused in production. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 'partnerweb-development-webhook-secret-key-not-for-production';
/** Key of the national-id lookup hashes when none is configured: fine for a laptop, refused in production. */
export const DEVELOPMENT_NATIONAL_ID_HASH_KEY = 'partnerweb-development-national-id-hash-key-not-for-production';

/**
 * How long the API waits on PostgreSQL before it answers 503 (see database-unavailable.ts) instead of hanging:
 * a new connection or a free one from the pool (connect), a statement the server runs (statement, enforced by
 * PostgreSQL), and any answer at all (query, enforced here: a frozen server enforces nothing).
 */
export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  queryMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 15_000, queryMs: 20_000 };

export interface Config {
  nodeEnv: string;
  isProduction: boolean;
  host: string;
  port: number;
  /** A real PostgreSQL server; when absent an embedded PostgreSQL is started under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPostgresPort: number;
  /** Prometheus metrics on a listener of their own, apart from the partner-facing port; off when METRICS_PORT is unset. */
  metrics?: { port: number; host: string };
  /** How long requests wait on the database before they are answered 503 (connect, statement, any answer). */
  databaseTimeouts: DatabaseTimeouts;
  jwtSigningKey: string;
  jwtIssuer: string;
  /** Where partners reach this API; its `/oauth/token` is an audience client assertions may name. */
  publicBaseUrl: string;
  /** Access tokens from Maskinporten are accepted too when this is set. */
  maskinporten?: MaskinportenConfig;
  tokenTtlSeconds: number;
  logLevel: string;
  /** Load demo partners, end users and orders when the database is empty. */
  seedDemoData: boolean;
  /** Requests a client may make per minute before it gets 429. */
  rateLimitPerMinute: number;
  /** Token requests an address may make per minute (every attempt counts). */
  tokenRequestsPerMinute: number;
  /** Requests per minute from one address whose credentials fail, before it gets 429. */
  authFailuresPerMinute: number;
  /** Accept synthetic national identity numbers (the Tax Administration's test registry): never in production. */
  allowSyntheticNationalIds: boolean;
  endUserAuth: EndUserAuthConfig;
  mail: { smtpUrl?: string; from: string; mailDir: string };
  webhooks: {
    timeoutMs: number;
    retryDelayScale: number;
    allowPlainHttp: boolean;
    allowPrivateAddresses: boolean;
    secretKey: string;
  };
  /** The HMAC key under which national identity numbers are hashed for lookup (never a plain hash). */
  nationalIdHashKey: string;
  jobs: {
    /** Run the pg-boss workers and schedules in this process. */
    runWorkers: boolean;
    expireInSeconds: number;
    /** First pause before pg-boss retries a failed or abandoned job; doubles each time. */
    retryDelaySeconds: number;
    maintenanceIntervalSeconds: number;
    pollingIntervalSeconds: number;
  };
  /** Retention deletes an end user with no active card and no open order this long after their last activity. */
  retentionPeriodDays: number;
  /** Development: ship and activate cards by themselves after `delaySeconds` each. */
  productionLine: { simulate: boolean; delaySeconds: number };
}

/** Where end users' eID tokens come from: an OpenID provider, or the built-in development one. */
export interface EndUserAuthConfig {
  issuer: string;
  /** The provider's JWKS; absent when the built-in development identity provider signs the tokens. */
  jwksUrl?: string;
  audience: string;
  /** The claim that holds the national identity number (ID-porten: `pid`). */
  nationalIdClaim: string;
  /** Serve the development identity provider at /dev-idp (never in production). */
  devIdentityProvider: boolean;
}

/** An external authorisation server (Norway's Maskinporten) whose access tokens the API accepts for partners. */
export interface MaskinportenConfig {
  issuer: string;
  jwksUrl: string;
  /** Only scopes under this prefix count: `<prefix>orders.read` grants `orders:read`. */
  scopePrefix: string;
  /** The audience its tokens must carry, when set (Maskinporten sets `aud` only when a resource is asked for). */
  audience?: string;
}

/** The issuer name of tokens from the built-in development identity provider. */
export const DEV_IDP_ISSUER = 'urn:partnerweb:dev-idp';

class ConfigError extends Error {}

function decimal(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    if (protocols.includes(new URL(raw).protocol)) return raw;
  } catch {
    // reported below
  }
  throw new ConfigError(`${name} must be a ${protocols.join(' or ')} URL, got "${raw.replace(/:[^:@/]*@/, ':***@')}"`);
}

function endUserAuth(env: NodeJS.ProcessEnv, isProduction: boolean): EndUserAuthConfig {
  const jwksUrl = url(env, 'END_USER_JWKS_URL', ['https:', 'http:']);
  const issuer = env.END_USER_ISSUER;
  if (Boolean(jwksUrl) !== Boolean(issuer))
    throw new ConfigError('END_USER_ISSUER and END_USER_JWKS_URL go together: set both or neither');
  if (isProduction && !jwksUrl)
    throw new ConfigError(
      'NODE_ENV=production needs END_USER_ISSUER and END_USER_JWKS_URL: the development identity provider is off',
    );
  return {
    issuer: issuer ?? DEV_IDP_ISSUER,
    jwksUrl,
    audience: env.END_USER_AUDIENCE || 'partnerweb',
    nationalIdClaim: env.END_USER_NATIONAL_ID_CLAIM || 'pid',
    devIdentityProvider: !isProduction && !jwksUrl,
  };
}

function maskinporten(env: NodeJS.ProcessEnv, isProduction: boolean): MaskinportenConfig | undefined {
  const issuer = env.MASKINPORTEN_ISSUER;
  const jwksUrl = url(env, 'MASKINPORTEN_JWKS_URL', isProduction ? ['https:'] : ['https:', 'http:']);
  const scopePrefix = env.MASKINPORTEN_SCOPE_PREFIX;
  if (!issuer && !jwksUrl && !scopePrefix) return undefined;
  if (!issuer || !jwksUrl || !scopePrefix) {
    throw new ConfigError(
      'MASKINPORTEN_ISSUER, MASKINPORTEN_JWKS_URL and MASKINPORTEN_SCOPE_PREFIX go together: set all three or none',
    );
  }
  return { issuer, jwksUrl, scopePrefix, audience: env.MASKINPORTEN_AUDIENCE || undefined };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Reads and validates every setting once; the rest of the code never reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const isProduction = nodeEnv === 'production';
  const jwtSigningKey = env.JWT_SIGNING_KEY || DEVELOPMENT_SIGNING_KEY;
  if (isProduction && jwtSigningKey === DEVELOPMENT_SIGNING_KEY) {
    throw new ConfigError('NODE_ENV=production needs JWT_SIGNING_KEY: the development signing key is refused');
  }
  if (jwtSigningKey.length < 32) {
    throw new ConfigError('JWT_SIGNING_KEY must be at least 32 characters');
  }
  const webhookSecretKey = env.WEBHOOK_SECRET_KEY || DEVELOPMENT_WEBHOOK_SECRET_KEY;
  if (isProduction && webhookSecretKey === DEVELOPMENT_WEBHOOK_SECRET_KEY) {
    throw new ConfigError(
      'NODE_ENV=production needs WEBHOOK_SECRET_KEY (at least 32 characters): the development key is refused',
    );
  }
  if (webhookSecretKey.length < 32) throw new ConfigError('WEBHOOK_SECRET_KEY must be at least 32 characters');
  const nationalIdHashKey = env.NATIONAL_ID_HASH_KEY || DEVELOPMENT_NATIONAL_ID_HASH_KEY;
  if (isProduction && nationalIdHashKey === DEVELOPMENT_NATIONAL_ID_HASH_KEY) {
    throw new ConfigError(
      'NODE_ENV=production needs NATIONAL_ID_HASH_KEY (at least 32 characters): the development key is refused',
    );
  }
  if (nationalIdHashKey.length < 32) throw new ConfigError('NATIONAL_ID_HASH_KEY must be at least 32 characters');
  if (isProduction && flag(env, 'PRODUCTION_LINE_SIMULATION', false)) {
    throw new ConfigError(
      'PRODUCTION_LINE_SIMULATION is for development: the real production line reports through the operator endpoints',
    );
  }
  if (isProduction && !env.DATABASE_URL) {
    throw new ConfigError('NODE_ENV=production needs DATABASE_URL: the embedded PostgreSQL is for development');
  }
  return {
    nodeEnv,
    isProduction,
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    metrics: env.METRICS_PORT
      ? { port: integer(env, 'METRICS_PORT', 9464, 0, 65535), host: env.METRICS_HOST || '127.0.0.1' }
      : undefined,
    databaseTimeouts: {
      connectMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.connectMs, 100, 600_000),
      statementMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.statementMs, 100, 600_000),
      queryMs: integer(env, 'DATABASE_QUERY_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.queryMs, 100, 600_000),
    },
    jwtSigningKey,
    jwtIssuer: env.JWT_ISSUER || 'partnerweb',
    publicBaseUrl: (
      url(env, 'PUBLIC_BASE_URL', ['https:', 'http:']) ?? `http://localhost:${integer(env, 'PORT', 3000, 0, 65535)}`
    ).replace(/\/+$/, ''),
    maskinporten: maskinporten(env, isProduction),
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 900, 30, 86400),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemoData: flag(env, 'SEED_DEMO_DATA', !isProduction),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    tokenRequestsPerMinute: integer(
      env,
      'TOKEN_REQUESTS_PER_MINUTE',
      Math.min(integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000), 60),
      1,
      1_000_000,
    ),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    allowSyntheticNationalIds: !isProduction,
    endUserAuth: endUserAuth(env, isProduction),
    mail: {
      smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
      from: env.MAIL_FROM || 'Buypass <ikke-svar@partnerweb.example>',
      mailDir: path.join(path.resolve(env.DATA_DIR || '.data'), 'mail'),
    },
    webhooks: {
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      retryDelayScale: decimal(env, 'WEBHOOK_RETRY_DELAY_SCALE', 1, 0, 10),
      allowPlainHttp: !isProduction,
      // Outside production a partner's test receiver on localhost is normal; in production it would be SSRF.
      allowPrivateAddresses: flag(env, 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES', !isProduction),
      secretKey: webhookSecretKey,
    },
    nationalIdHashKey,
    jobs: {
      runWorkers: flag(env, 'RUN_WORKERS', true),
      expireInSeconds: integer(env, 'JOB_EXPIRE_IN_SECONDS', 300, 1, 3600),
      retryDelaySeconds: integer(env, 'JOB_RETRY_DELAY_SECONDS', 10, 0, 3600),
      maintenanceIntervalSeconds: integer(env, 'JOB_MAINTENANCE_INTERVAL_SECONDS', 60, 1, 3600),
      pollingIntervalSeconds: decimal(env, 'JOB_POLLING_INTERVAL_SECONDS', 2, 0.5, 60),
    },
    retentionPeriodDays: integer(env, 'RETENTION_PERIOD_DAYS', 1095, 1, 36500),
    productionLine: {
      simulate: flag(env, 'PRODUCTION_LINE_SIMULATION', !isProduction && nodeEnv !== 'test'),
      delaySeconds: integer(env, 'PRODUCTION_LINE_DELAY_SECONDS', 60, 0, 86400),
    },
  };
}

export { ConfigError };
