import path from 'node:path';

/** Signing key used when none is configured: fine for a laptop, refused in production. */
export const DEVELOPMENT_SIGNING_KEY = 'partnerweb-development-signing-key-do-not-use-in-production';

export interface Config {
  nodeEnv: string;
  isProduction: boolean;
  host: string;
  port: number;
  /** A real PostgreSQL server; when absent an embedded PostgreSQL is started under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPostgresPort: number;
  jwtSigningKey: string;
  jwtIssuer: string;
  tokenTtlSeconds: number;
  logLevel: string;
  /** Load demo partners, end users and orders when the database is empty. */
  seedDemoData: boolean;
  /** Requests a client may make per minute before it gets 429. */
  rateLimitPerMinute: number;
}

class ConfigError extends Error {}

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
    jwtSigningKey,
    jwtIssuer: env.JWT_ISSUER || 'partnerweb',
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 900, 30, 86400),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemoData: flag(env, 'SEED_DEMO_DATA', !isProduction),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
  };
}

export { ConfigError };
